using System.Globalization;
using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;
using Mstro.Hook.Bridge;
using Mstro.Review;
using Mstro.Review.Tests.Fakes;
using Mstro.Server;

namespace Mstro.Bench.Server;

/// <summary>Layer 2 through the real server, against the fake Messages API on 127.0.0.1 (answering at once): what AI
/// review adds to a call Layer 1 left ambiguous, and where the corpus's ambiguous calls end up.</summary>
internal static class Layer2Bench
{
    private static readonly BridgeTimeouts Generous = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));

    private static readonly Verdict Ambiguous = new(Decision.Ask, Severity.Ambiguous, "core.delete-unresolved",
        "recursive delete of an unknown path", Layer.Rules, [new Finding("core.delete-unresolved", Severity.Ambiguous, "recursive delete of an unknown path", "rm -rf $BUILD_DIR")]);

    /// <summary>p50/p99 of one ambiguous call through the bridge (in-process and warm, what a native hook pays): AI review
    /// off (the server answers ask at once), AI review on (a fresh verdict each time), and a cache hit.</summary>
    public static async Task LatencyAsync()
    {
        const int Warmup = 100, Runs = 1000;
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.9, "the user asked to clean the build");

        using var offHome = new Program.Home();
        await using (var off = await StartAsync(offHome, null))
        {
            var n = 0;
            var samples = Program.Measure(Warmup, Runs, () => Forward(offHome, $"rm -rf \"$BUILD_DIR\" # {n++}", "rules"));
            Program.Report("ambiguous call, AI review off (ask at once)", samples, "ms", 1e3);
            using var onHome = new Program.Home();
            await using var on = await StartAsync(onHome, api);
            var m = 0;
            var fresh = Program.Measure(Warmup, Runs, () => Forward(onHome, $"rm -rf \"$BUILD_DIR\" # {m++}", "ai-review"));
            var cached = Program.Measure(Warmup, Runs, () => Forward(onHome, "rm -rf \"$BUILD_DIR\" # same", "ai-review"));
            Program.Report("ambiguous call, AI review on (fresh verdict)", fresh, "ms", 1e3);
            Program.Report("ambiguous call, AI review on (cache hit)", cached, "ms", 1e3);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Layer 2 adds p50 {(Program.Percentile(fresh, 50) - Program.Percentile(samples, 50)) * 1e3:0.00} ms, p99 {(Program.Percentile(fresh, 99) - Program.Percentile(samples, 99)) * 1e3:0.00} ms over a local fake; a cache hit adds p50 {(Program.Percentile(cached, 50) - Program.Percentile(samples, 50)) * 1e3:0.00} ms"));
        }
    }

    /// <summary>Every corpus case Layer 1 answers ask, through the server, with the fake model answering by a fixed policy
    /// (<see cref="ScriptedPolicy"/>); no person is watching, so what Layer 2 escalates is counted as reaching Layer 3.</summary>
    public static async Task CorpusAsync()
    {
        var corpus = FindCorpus();
        var cases = Directory.GetFiles(corpus, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)
            .Where(line => line.Trim().Length > 0).ToList();
        await using var api = await FakeMessagesApi.StartAsync();
        string current = "";
        api.Respond = _ => ScriptedPolicy(current);
        using var home = new Program.Home();
        await using var server = await StartAsync(home, api, cache: false);
        var engine = new BouncerEngine(RuleSet.BuiltIn, new NoLinks());
        var environment = new BouncerEnvironment("/home/dev", "/home/dev/work/webapp", "/home/dev/work/webapp", ["/tmp"],
            "/home/dev/.claude", "/home/dev/.mstro", 47123, new Dictionary<string, string> { ["HOME"] = "/home/dev", ["USER"] = "dev" });

        var counts = new Dictionary<(string Class, string End), int>();
        var total = 0;
        var asked = 0;
        var ambiguous = 0;
        foreach (var line in cases)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var cwd = root.TryGetProperty("cwd", out var c) ? c.GetString()! : "/home/dev/work/webapp";
            var payload = $$"""{"session_id":"corpus","cwd":{{JsonSerializer.Serialize(cwd)}},"hook_event_name":"PreToolUse","tool_name":{{root.GetProperty("tool").GetRawText()}},"tool_input":{{root.GetProperty("input").GetRawText()}},"tool_use_id":"toolu_c"}""";
            total++;
            Verdict layer1;
            try
            {
                layer1 = engine.Decide(HookPayload.Parse(Encoding.UTF8.GetBytes(payload)), environment with { Cwd = cwd });
            }
            catch (HookPayloadException)
            {
                continue;
            }
            if (layer1.Decision != Decision.Ask) continue;
            asked++;
            if (layer1.Severity == Severity.Ambiguous) ambiguous++;
            current = Summary(root.GetProperty("input"));
            var decision = HookBridge.ForwardCall(home.MstroDirectory, Encoding.UTF8.GetBytes(payload), layer1, Generous)
                           ?? throw new InvalidOperationException("the server did not answer");
            var end = decision.RuleId switch
            {
                "ai.allow" => "layer 2 allow",
                "ai.deny" => "layer 2 deny",
                "ai.escalate" => layer1.Severity == Severity.Dangerous && decision.Reason.Contains("but Layer 1 rated it", StringComparison.Ordinal)
                    ? "layer 3 (AI allow of a dangerous call)"
                    : "layer 3 (AI escalated or unsure)",
                _ => $"other: {decision.RuleId}",
            };
            var key = (root.GetProperty("class").GetString()!, end);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Console.WriteLine($"corpus: {total} cases, {asked} answered ask by Layer 1 ({ambiguous} ambiguous, {asked - ambiguous} dangerous), " +
                          "sent through the server (fake model, fixed policy):");
        foreach (var group in counts.GroupBy(k => k.Key.End).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byClass = string.Join(", ", group.OrderBy(g => g.Key.Class, StringComparer.Ordinal).Select(g => $"{g.Key.Class} {g.Value}"));
            Console.WriteLine($"  {group.Key}: {group.Sum(g => g.Value)} ({byClass})");
        }
    }

    /// <summary>The fake model's fixed policy, from the call's command, path or URL: deny when it touches a secret place
    /// and the network together; escalate when it touches a secret place, the network, privileges or mass destruction;
    /// allow (confidence 0.9) otherwise.</summary>
    private static ScriptedResponse ScriptedPolicy(string call)
    {
        var secret = Any(call, ".ssh", ".aws", ".gnupg", "id_rsa", "id_ed25519", ".env", "credentials", "token", "secret", "passw", "/etc/shadow", ".kube", ".netrc");
        var network = Any(call, "curl", "wget", " nc ", "ncat", "ssh ", "scp ", "rsync", "http://", "https://", "/dev/tcp");
        var risky = Any(call, "sudo", "su ", "destroy", "drop ", "delete", "prune", "--force", "-f ", "reset --hard", "mkfs", "dd ", "chmod", "chown", "crontab", "systemctl", "eval", "base64", "| sh", "| bash");
        if (secret && network) return ScriptedResponse.Verdict("deny", 0.95, "sends secrets off the machine");
        if (secret || network || risky) return ScriptedResponse.Verdict("escalate", 0.6, "cannot tell whether the user wants this");
        return ScriptedResponse.Verdict("allow", 0.9, "ordinary work for the task at hand");
    }

    private static bool Any(string text, params string[] parts) => parts.Any(part => text.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static string Summary(JsonElement input)
    {
        foreach (var name in new[] { "command", "file_path", "notebook_path", "path", "url", "pattern" })
        {
            if (input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString()!;
        }
        return input.GetRawText();
    }

    private static void Forward(Program.Home home, string command, string expectedLayer)
    {
        var payload = Encoding.UTF8.GetBytes($$"""{"session_id":"bench","cwd":"/home/user/project","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":{{JsonSerializer.Serialize(command)}}},"tool_use_id":"toolu_1"}""");
        var decision = HookBridge.ForwardCall(home.MstroDirectory, payload, Ambiguous, Generous)
                       ?? throw new InvalidOperationException("the server did not answer");
        var layer = JsonNamingPolicy.KebabCaseLower.ConvertName(decision.Layer.ToString());
        if (layer != expectedLayer) throw new InvalidOperationException($"decided by {layer}, expected {expectedLayer}: {decision.Reason}");
    }

    private static async Task<MstroServer> StartAsync(Program.Home home, FakeMessagesApi? api, bool cache = true)
    {
        var options = new ServerOptions
        {
            MstroDirectory = home.MstroDirectory,
            ClaudeConfigDirectory = Path.Combine(home.Path, ".claude"),
            ReviewerEnvironment = new ReviewerEnvironment(home.Path, api is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-bench-0000000000000000000000" }),
            AiReview = new AiReviewOptions
            {
                BaseUrl = api?.BaseUrl,
                MaxRetries = 0,
                CacheCapacity = cache ? 1000 : 0,
            },
        };
        var server = MstroServer.Create(options);
        await server.StartAsync();
        return server;
    }

    private static string FindCorpus()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var corpus = Path.Combine(directory.FullName, "tests", "Mstro.Bouncer.Tests", "Corpus");
            if (Directory.Exists(corpus)) return corpus;
        }
        throw new DirectoryNotFoundException("tests/Mstro.Bouncer.Tests/Corpus not found above the bench's directory");
    }

    /// <summary>The corpus's machine: nothing exists on it, no symlink resolves.</summary>
    private sealed class NoLinks : IFileSystemView
    {
        public string ResolveLinks(string absolutePath) => absolutePath;
    }
}
