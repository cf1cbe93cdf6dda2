using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>Effects built by hand (the analysis is tested on its own), in a fixed environment: home /home/u,
/// project /home/u/proj.</summary>
internal static class Fx
{
    public const string Home = "/home/u";
    public const string Project = "/home/u/proj";

    public static readonly BouncerEnvironment Env = BouncerEnvironment.For(Home, Project);

    public static Invocation Run(string text, int depth = 0)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Invocation(words[0], words[1..], text, Project, depth);
    }

    public static Effect Bash(EffectKind kind, string command, string? path = null, string? host = null,
        string? detail = null, EffectFlags flags = EffectFlags.None) =>
        new(kind, Run(command), path, host, detail, flags);

    public static Effect File(EffectKind kind, string path, EffectFlags flags = EffectFlags.None) =>
        new(kind, null, path, null, null, flags);

    public static Effect Delete(string path, EffectFlags flags = EffectFlags.None) =>
        Bash(EffectKind.Delete, "rm " + path, path, flags: flags);

    public static Effect RecursiveDelete(string path) =>
        Bash(EffectKind.Delete, "rm -rf " + path, path, flags: EffectFlags.Recursive | EffectFlags.Force);

    public static Effect Read(string path) => Bash(EffectKind.Read, "cat " + path, path);

    public static Effect Write(string path) => File(EffectKind.Write, path);

    public static Effect Network(string host, string? url = null) =>
        Bash(EffectKind.Network, "curl " + (url ?? "https://" + host + "/"), host: host, detail: url ?? "https://" + host + "/");

    public static Effect Upload(string host, string? path, string detail = "file") =>
        Bash(EffectKind.Upload, $"curl -F f=@{path} https://{host}/", path, host, detail);
}
