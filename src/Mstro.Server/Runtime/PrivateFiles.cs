using System.Security.Cryptography;
using System.Text.Json;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;

namespace Mstro.Server.Runtime;

/// <summary>Files only the user may read: directories 0700, files 0600 from the moment they exist (created with that
/// mode, never chmod-ed down afterwards), replaced atomically (write a temp file in the same directory, rename).</summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory 0700, or tightens an existing one to 0700. Returns the old mode when it was wider.</summary>
    public static UnixFileMode? EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return null;
        }
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
            return null;
        }
        var mode = File.GetUnixFileMode(directory);
        if ((mode & ~DirectoryMode) == 0) return null;
        File.SetUnixFileMode(directory, DirectoryMode);
        return mode;
    }

    public static void WriteRuntimeFile(string path, RuntimeInfo info)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew, // O_EXCL: never follows a planted symlink
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, info, ProtocolJsonContext.Default.RuntimeInfo);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true); // rename(2): readers see the old file or the new one, never half
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Removes the runtime file if it is still ours (same pid and token): never another instance's.</summary>
    public static bool RemoveRuntimeFileIfOurs(string path, RuntimeInfo ours)
    {
        var current = RuntimeFile.TryRead(path, out _);
        if (current is null || current.Pid != ours.Pid || current.Token != ours.Token) return false;
        File.Delete(path);
        return true;
    }
}
