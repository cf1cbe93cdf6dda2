namespace Mstro.Protocol.Runtime;

/// <summary>Where the running server announces itself: the runtime file and the instance lock in <c>~/.mstro</c>. HOME is
/// honoured (tests and sandboxes set it). The hook's view of the user's files is <c>Mstro.Hook.Hosting.MstroPaths</c>.</summary>
public static class ServerFiles
{
    public const string RuntimeFileName = "server.json";
    public const string LockFileName = "server.lock";

    /// <summary><c>$HOME/.mstro</c>.</summary>
    public static string MstroDirectory(string? home = null) =>
        Path.Combine(home ?? Home(), ".mstro");

    public static string RuntimeFile(string mstroDirectory) => Path.Combine(mstroDirectory, RuntimeFileName);

    public static string Home()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
    }
}
