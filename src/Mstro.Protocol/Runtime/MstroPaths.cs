namespace Mstro.Protocol.Runtime;

/// <summary>Where mstro keeps its files. HOME is honoured (tests and sandboxes set it).</summary>
public static class MstroPaths
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
