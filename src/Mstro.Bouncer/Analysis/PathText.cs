using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mstro.Bouncer.Analysis;

/// <summary>Lexical path handling on POSIX paths (no disk access).</summary>
internal static class PathText
{
    /// <summary><paramref name="path"/> made absolute against <paramref name="cwd"/>, with <c>.</c>, <c>..</c>,
    /// repeated and trailing slashes removed.</summary>
    public static string Absolute(string cwd, string path)
    {
        if (path.Length > 0 && path[0] == '/') return Normalize(path);
        if (path.Length == 0 || path == ".") return Normalize(cwd);
        return Normalize(string.Concat(cwd, "/", path));
    }

    /// <summary>Normalises an absolute path. Already-normal paths are returned without allocating; others allocate only the
    /// result (a path of thousands of segments must not cost a string per segment).</summary>
    public static string Normalize(string path)
    {
        if (IsNormal(path)) return path;
        const int StackLimit = 256;
        char[]? rentedText = null;
        int[]? rentedStarts = null;
        var text = path.Length < StackLimit
            ? stackalloc char[StackLimit]
            : (rentedText = System.Buffers.ArrayPool<char>.Shared.Rent(path.Length + 1));
        var starts = path.Length < StackLimit
            ? stackalloc int[StackLimit]
            : (rentedStarts = System.Buffers.ArrayPool<int>.Shared.Rent(path.Length));
        var length = 0;
        var depth = 0;
        var rest = path.AsSpan();
        while (!rest.IsEmpty)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? default : rest[(slash + 1)..];
            if (segment.IsEmpty || segment is ".") continue;
            if (segment is "..")
            {
                if (depth > 0) length = starts[--depth];
                continue;
            }
            starts[depth++] = length;
            text[length++] = '/';
            segment.CopyTo(text[length..]);
            length += segment.Length;
        }
        var normal = length == 0 ? "/" : new string(text[..length]);
        if (rentedText is not null) System.Buffers.ArrayPool<char>.Shared.Return(rentedText);
        if (rentedStarts is not null) System.Buffers.ArrayPool<int>.Shared.Return(rentedStarts);
        return normal;
    }

    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || path[0] != '/') return false;
        if (path.Length == 1) return true;
        if (path[^1] == '/') return false;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Eight characters at a time: only a slash followed by a slash or a dot can break the form, so the characters
            // before the first such pair need no closer look (the chunk one character later must fit as well).
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(path.AsSpan()));
            var slash = Vector128.Create((ushort)'/');
            var dot = Vector128.Create((ushort)'.');
            for (; i + Vector128<ushort>.Count < path.Length; i += Vector128<ushort>.Count)
            {
                var here = Vector128.LoadUnsafe(ref first, (nuint)i);
                var next = Vector128.LoadUnsafe(ref first, (nuint)(i + 1));
                var pairs = Vector128.Equals(here, slash) & (Vector128.Equals(next, slash) | Vector128.Equals(next, dot));
                if (pairs != Vector128<ushort>.Zero) break;
            }
        }
        for (; i < path.Length; i++)
        {
            if (path[i] != '/') continue;
            if (i + 1 < path.Length && path[i + 1] == '/') return false;
            if (i + 1 < path.Length && path[i + 1] == '.')
            {
                var end = i + 2 < path.Length ? path[i + 2] : '/';
                if (end == '/') return false;
                if (end == '.' && (i + 3 >= path.Length || path[i + 3] == '/')) return false;
            }
        }
        return true;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or inside it (both normalised).</summary>
    public static bool IsUnder(string path, string directory)
    {
        if (directory == "/") return path.StartsWith('/');
        return path.StartsWith(directory, StringComparison.Ordinal)
            && (path.Length == directory.Length || path[directory.Length] == '/');
    }

    public static string BaseName(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>The parent of a normalised absolute path ("/" for "/" and top-level entries).</summary>
    public static string Parent(string absolute)
    {
        var slash = absolute.LastIndexOf('/');
        return slash <= 0 ? "/" : absolute[..slash];
    }

    /// <summary>Expands a leading <c>~</c> or <c>~/</c> (written literally, e.g. inside <c>-F f=@~/x</c>) to home.</summary>
    public static string ExpandTilde(string path, string home)
    {
        if (path.Length == 0 || path[0] != '~') return path;
        if (path.Length == 1) return home;
        return path[1] == '/' ? string.Concat(home, path.AsSpan(1)) : path;
    }
}
