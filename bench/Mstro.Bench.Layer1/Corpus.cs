using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Analysis;

namespace Mstro.Bench.Layer1;

/// <summary>One input to decide: the PreToolUse payload bytes Claude Code would send, and the machine it runs on.</summary>
public sealed record BenchInput(string Name, byte[] Payload, BouncerEnvironment Environment)
{
    /// <summary>Layer 1's decision as the hook makes it: the payload's bytes parsed, then decided.</summary>
    public Verdict DecideWith(BouncerEngine engine) => engine.Decide(Mstro.Bouncer.Hook.HookPayload.Parse(Payload), Environment);

    /// <summary>One decision per input (the sum of the decisions, so that no call can be dropped as unused).</summary>
    public static int DecideAll(BouncerEngine engine, IReadOnlyList<BenchInput> inputs)
    {
        var total = 0;
        foreach (var input in inputs) total += (int)input.DecideWith(engine).Decision;
        return total;
    }

    /// <summary>The baseline: each payload parsed into a <see cref="JsonDocument"/> (the sum of their property counts).</summary>
    public static int ParseAllAsDocuments(IReadOnlyList<BenchInput> inputs)
    {
        var total = 0;
        foreach (var input in inputs)
        {
            using var document = JsonDocument.Parse(input.Payload);
            total += document.RootElement.GetPropertyCount();
        }
        return total;
    }
}

/// <summary>The labelled corpus of tests/Mstro.Bouncer.Tests/Corpus as payloads, on the corpus machine (the same fixed
/// environment the corpus tests use: home /home/dev, project /home/dev/work/webapp, no disk).</summary>
public static class Corpus
{
    public const string Home = "/home/dev";
    public const string ProjectDir = "/home/dev/work/webapp";

    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal) { ["HOME"] = Home, ["USER"] = "dev" };

    public static BouncerEnvironment EnvironmentFor(string? cwd) => new(
        Home: Home,
        Cwd: cwd ?? ProjectDir,
        ProjectDir: ProjectDir,
        TempDirs: ["/tmp"],
        ClaudeConfigDir: Home + "/.claude",
        MstroDir: Home + "/.mstro",
        MstroPort: 47123,
        Variables: Variables);

    /// <summary>Every case of every corpus file, in file order.</summary>
    public static IReadOnlyList<BenchInput> Load()
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "Mstro.Bouncer.Tests", "Corpus");
        var inputs = new List<BenchInput>();
        foreach (var file in Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var cwd = root.TryGetProperty("cwd", out var c) ? c.GetString() : null;
                var id = root.GetProperty("id").GetString()!;
                var payload = Payload(root.GetProperty("tool").GetString()!, root.GetProperty("input"), cwd ?? ProjectDir, id);
                inputs.Add(new BenchInput(id, payload, EnvironmentFor(cwd)));
            }
        }
        return inputs;
    }

    /// <summary>A PreToolUse payload for a tool call.</summary>
    public static byte[] Payload(string tool, JsonElement input, string cwd, string id)
    {
        using var buffer = new MemoryStream();
        // Claude Code escapes only what JSON requires, so the payload is about as long as the command.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("session_id", "bench-session");
            writer.WriteString("transcript_path", Home + "/.claude/projects/-home-dev-work-webapp/bench-session.jsonl");
            writer.WriteString("cwd", cwd);
            writer.WriteString("permission_mode", "default");
            writer.WriteString("hook_event_name", "PreToolUse");
            writer.WriteString("tool_name", tool);
            writer.WritePropertyName("tool_input");
            input.WriteTo(writer);
            writer.WriteString("tool_use_id", "toolu_" + id);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A Bash payload for <paramref name="command"/>.</summary>
    public static byte[] BashPayload(string command, string id)
    {
        using var input = JsonDocument.Parse(JsonSerializer.Serialize(command, RelaxedJson.Default.String));
        using var wrapped = JsonDocument.Parse("{\"command\":" + input.RootElement.GetRawText() + "}");
        return Payload("Bash", wrapped.RootElement, ProjectDir, id);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mstro.Tui.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Mstro.Tui.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The corpus machine has no disk: no symlink resolves, every path stays as written.</summary>
public sealed class NoDisk : IFileSystemView
{
    public string ResolveLinks(string absolutePath) => absolutePath;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;

internal static class RelaxedJson
{
    public static readonly BenchJson Default = new(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
