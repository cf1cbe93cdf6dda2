using System.Text.Json;

namespace Mstro.Protocol.Runtime;

/// <summary>Reads the runtime file with one small read, for processes that must stay fast (<c>mstro hook</c>).</summary>
public static class RuntimeFile
{
    /// <summary>A real runtime file is ~200 bytes; anything longer is not ours.</summary>
    public const int MaxFileBytes = 4096;

    public const int MaxTokenLength = 256;

    /// <summary>The runtime info when the file exists, parses and its fields are usable; null otherwise, with the
    /// reason in <paramref name="problem"/> (null when the file simply does not exist). Never throws for a bad file.</summary>
    public static RuntimeInfo? TryRead(string path, out string? problem)
    {
        problem = null;
        // Without a server there is no file: say so without a thrown FileNotFoundException (this runs in every hook call).
        if (Mstro.Bouncer.AbsentPath.IsCertain(path)) return null;
        byte[] buffer = new byte[MaxFileBytes + 1];
        int length;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.None);
            length = ReadUpTo(file, buffer);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read {path}: {e.Message}";
            return null;
        }

        if (length > MaxFileBytes)
        {
            problem = $"{path} is larger than {MaxFileBytes} bytes";
            return null;
        }
        return Parse(buffer.AsSpan(0, length), path, out problem);
    }

    public static RuntimeInfo? Parse(ReadOnlySpan<byte> utf8Json, string source, out string? problem)
    {
        RuntimeInfo? info;
        try
        {
            info = JsonSerializer.Deserialize(utf8Json, ProtocolJsonContext.Default.RuntimeInfo);
        }
        catch (JsonException e)
        {
            problem = $"{source} is not a valid runtime file (at {e.Path ?? "$"}, line {e.LineNumber + 1})";
            return null;
        }
        if (info is null)
        {
            problem = $"{source} is empty";
            return null;
        }
        problem = info.Validate() is { } invalid ? $"{source}: {invalid}" : null;
        return problem is null ? info : null;
    }

    private static int ReadUpTo(FileStream file, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0)
            total += read;
        return total;
    }
}
