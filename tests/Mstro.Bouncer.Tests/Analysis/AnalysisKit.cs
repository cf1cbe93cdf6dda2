using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Runs the analysis against a fixed, non-existent home and project (so the real file system resolves
/// nothing) and asserts on effects.</summary>
internal static class AnalysisKit
{
    public const string Home = "/home/alice";
    public const string Project = "/home/alice/proj";

    public static readonly BouncerEnvironment Env = BouncerEnvironment.For(Home, Project);

    private static readonly CallAnalyzer Analyzer = new(RealFileSystemView.Instance);

    /// <summary>The kinds that are never part of ordinary development work.</summary>
    public static readonly EffectKind[] Alarming =
    [
        EffectKind.ExecuteCode, EffectKind.WriteDevice, EffectKind.FormatDevice, EffectKind.KillProcesses, EffectKind.Shutdown,
        EffectKind.ForkBomb, EffectKind.ReverseShell, EffectKind.GitDestructive, EffectKind.Persistence, EffectKind.Privilege,
        EffectKind.Mine, EffectKind.Obfuscation, EffectKind.StopMstro, EffectKind.RunMstro, EffectKind.ConfigureClaude,
        EffectKind.Unknown, EffectKind.Upload, EffectKind.ChangeOwner,
    ];

    public static IReadOnlyList<Effect> Of(string command, BouncerEnvironment? environment = null) =>
        Analyzer.AnalyzeCommand(command, environment ?? Env);

    /// <summary>Runs an argv directly (no parsing): words are taken as unquoted literals.</summary>
    public static IReadOnlyList<Effect> OfArgv(params string[] words)
    {
        var analysis = new ShellAnalysis(Env, RealFileSystemView.Instance);
        var argv = words.Select(Arg.Unquoted).ToArray();
        analysis.RunArgv(argv, new ShellState(Project), new Scope(0, EffectFlags.None), DataSource.None, null);
        return analysis.Sink.Effects;
    }

    public static Effect Has(this IReadOnlyList<Effect> effects, EffectKind kind, string? path = null, EffectFlags flags = EffectFlags.None,
        string? detail = null, string? host = null)
    {
        foreach (var effect in effects)
        {
            if (effect.Kind != kind) continue;
            if (path is not null && effect.Path != path) continue;
            if ((effect.Flags & flags) != flags) continue;
            if (detail is not null && effect.Detail != detail) continue;
            if (host is not null && effect.Host != host) continue;
            return effect;
        }
        Assert.Fail($"expected {kind} path={path} flags={flags} detail={detail} host={host}; got:\n{Describe(effects)}");
        return null!;
    }

    public static void HasNo(this IReadOnlyList<Effect> effects, EffectKind kind, string? path = null)
    {
        foreach (var effect in effects)
        {
            if (effect.Kind == kind && (path is null || effect.Path == path))
                Assert.Fail($"unexpected {kind} {path}; got:\n{Describe(effects)}");
        }
    }

    public static void HasNo(this IReadOnlyList<Effect> effects, EffectKind kind, EffectFlags flags)
    {
        foreach (var effect in effects)
        {
            if (effect.Kind == kind && (effect.Flags & flags) == flags)
                Assert.Fail($"unexpected {kind} with {flags}; got:\n{Describe(effects)}");
        }
    }

    /// <summary>Nothing a policy would object to: no alarming kind, deletes and writes only in the project or a temp
    /// dir, reads only in the project.</summary>
    public static void IsOrdinary(this IReadOnlyList<Effect> effects)
    {
        foreach (var effect in effects)
        {
            if (Alarming.Contains(effect.Kind)) Assert.Fail($"alarming {effect.Kind}; got:\n{Describe(effects)}");
            if (effect.Kind is EffectKind.Delete or EffectKind.Write or EffectKind.ChangeMode or EffectKind.Read
                && !(effect.Path is { } path && (path.StartsWith(Project, StringComparison.Ordinal) || path.StartsWith("/tmp", StringComparison.Ordinal))))
                Assert.Fail($"{effect.Kind} outside the project: {effect.Path}; got:\n{Describe(effects)}");
        }
    }

    public static string Describe(IReadOnlyList<Effect> effects) =>
        string.Join("\n", effects.Select(e => $"  {e.Kind} path={e.Path} host={e.Host} detail={e.Detail} flags={e.Flags} depth={e.Invocation?.Depth} [{e.Invocation?.Text}]"));
}
