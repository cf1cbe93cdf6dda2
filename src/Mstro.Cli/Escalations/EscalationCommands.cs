using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Protocol;
using Mstro.Protocol.Escalations;
using Mstro.Protocol.Events;
using Mstro.Protocol.Runtime;

namespace Mstro.Cli.Escalations;

/// <summary><c>mstro escalations</c>, <c>mstro approve ID</c>, <c>mstro deny ID</c>: Layer 3 from another terminal, for
/// people who run <c>mstro serve</c> without the console. Listing needs only the runtime file; answering needs this
/// terminal session to be paired: the first answer asks for the pairing code mstro shows on its console (read from the
/// terminal itself), and later ones from the same terminal do not ask again (the server recognises the session; nothing
/// is stored anywhere). Exit code 0 when done, 1 when not (the message says why), 3 on bad usage.</summary>
internal static class EscalationCommands
{
    private const int MaxPairingTries = 3;

    public static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer instead of a table." };
        var command = new Command("escalations", "List the calls waiting for a person: id, age, time left, session, tool, command or path, and why.") { json };
        command.SetAction((parse, cancellationToken) =>
            ListAsync(ServerFiles.MstroDirectory(), parse.GetValue(json), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static Command Answer(bool approve)
    {
        var name = approve ? "approve" : "deny";
        var id = new Argument<string?>("id") { Description = "The escalation's id (mstro escalations lists them).", Arity = ArgumentArity.ZeroOrOne };
        var remember = new Option<bool>("--remember") { Description = $"Also write a rule so the same call is {(approve ? "allowed" : "denied")} next time without asking." };
        var scope = new Option<string>("--scope")
        {
            Description = approve
                ? "With --remember: user (every project, the default) or project (this call's project only; written to your own rules file)."
                : "With --remember: user (your rules file, the default) or project (the project's .mstro/bouncer.json).",
            DefaultValueFactory = _ => RememberScopes.User,
        };
        scope.AcceptOnlyFromAmong(RememberScopes.User, RememberScopes.Project);
        var pattern = new Option<string?>("--pattern")
        {
            Description = "With --remember: a command glob (or a path glob for file tools) instead of the exact command; it must match the call.",
        };
        var pair = new Option<bool>("--pair") { Description = "Pair this terminal again (asks for a new pairing code) before answering." };
        var command = new Command(name, approve
            ? "Approve a call that waits for a person (it runs). Asks for mstro's pairing code once per terminal."
            : "Deny a call that waits for a person (it does not run). Asks for mstro's pairing code once per terminal.")
        {
            id, remember, scope, pattern, pair,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var rememberRequest = parse.GetValue(remember)
                ? new RememberRequest { Scope = parse.GetValue(scope), Pattern = parse.GetValue(pattern) }
                : null;
            if (rememberRequest is null && (parse.GetResult(scope) is { Implicit: false } || parse.GetValue(pattern) is not null))
            {
                Console.Error.WriteLine($"mstro {name}: --scope and --pattern go with --remember.");
                return Task.FromResult(ExitCodes.Error);
            }
            var escalation = parse.GetValue(id);
            if (escalation is null && !parse.GetValue(pair))
            {
                Console.Error.WriteLine($"mstro {name}: give the escalation's id (mstro escalations lists them), or --pair to pair this terminal.");
                return Task.FromResult(ExitCodes.Error);
            }
            return AnswerAsync(ServerFiles.MstroDirectory(), escalation, approve, rememberRequest, parse.GetValue(pair),
                Console.Out, Console.Error, TerminalPromptOpener, cancellationToken);
        });
        return command;
    }

    private static TerminalPrompt? TerminalPromptOpener(out string problem) => TerminalPrompt.Open(out problem);

    internal delegate TerminalPrompt? PromptOpener(out string problem);

    public static async Task<int> ListAsync(string mstroDirectory, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var server = ServerConnection.Open(mstroDirectory, out var problem);
        if (server is null) return Fail(stderr, "escalations", problem);
        HttpResponseMessage response;
        try
        {
            response = await server.Loopback.GetAsync("api/escalations", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return Fail(stderr, "escalations", $"cannot reach mstro on port {server.Runtime.Port}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) return Fail(stderr, "escalations", ErrorMessage(response.StatusCode, body));
            if (json)
            {
                await stdout.WriteLineAsync(body);
                return 0;
            }
            var list = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.EscalationList)!;
            await stdout.WriteAsync(Table(list));
            return 0;
        }
    }

    public static async Task<int> AnswerAsync(string mstroDirectory, string? id, bool approve, RememberRequest? remember, bool pair,
        TextWriter stdout, TextWriter stderr, PromptOpener openPrompt, CancellationToken cancellationToken)
    {
        var name = approve ? "approve" : "deny";
        using var server = ServerConnection.Open(mstroDirectory, out var problem);
        if (server is null) return Fail(stderr, name, problem);
        if (server.Approver is null)
            return Fail(stderr, name, "this mstro has no approver socket (see its log); answer at its console instead");
        try
        {
            if (pair && !await PairAsync(server.Approver, name, stderr, openPrompt, cancellationToken)) return 1;
            if (id is null) return 0;
            if (id.Length is 0 or > 32 || !id.All(char.IsAsciiLetterOrDigit))
                return Fail(stderr, name, $"\"{TerminalText.Safe(id, 40)}\" is not an escalation id (mstro escalations lists them)");

            var (status, body) = await PostAnswerAsync(server.Approver, id, approve, remember, cancellationToken);
            if (status == HttpStatusCode.Forbidden && ErrorCode(body) == "approver-required")
            {
                if (!await PairAsync(server.Approver, name, stderr, openPrompt, cancellationToken)) return 1;
                (status, body) = await PostAnswerAsync(server.Approver, id, approve, remember, cancellationToken);
            }
            if (status != HttpStatusCode.OK) return Fail(stderr, name, ErrorMessage(status, body));

            var answer = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.AnswerResponse)!;
            await stdout.WriteLineAsync($"{(approve ? "Approved" : "Denied")} {answer.Id}: Claude Code was told to {answer.Decision.ToWireString()}.");
            if (answer.Rule is { } rule)
            {
                await stdout.WriteLineAsync(rule.Existing
                    ? $"The rule was already in {rule.File}: {rule.Rule}"
                    : $"Remembered in {rule.File}: {rule.Rule}");
            }
            return 0;
        }
        catch (HttpRequestException e)
        {
            return Fail(stderr, name, $"cannot reach mstro through {server.Runtime.Socket}: {e.Message}");
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAnswerAsync(HttpClient approver, string id, bool approve,
        RememberRequest? remember, CancellationToken cancellationToken)
    {
        var path = $"api/escalations/{id}/{(approve ? "approve" : "deny")}";
        using var content = JsonContent.Create(new AnswerRequest { Remember = remember }, ProtocolJsonContext.Default.AnswerRequest);
        using var response = await approver.PostAsync(path, content, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Asks the person at this terminal for the code mstro shows on its console and pairs the terminal session.</summary>
    private static async Task<bool> PairAsync(HttpClient approver, string name, TextWriter stderr, PromptOpener openPrompt,
        CancellationToken cancellationToken)
    {
        using var prompt = openPrompt(out var problem);
        if (prompt is null)
        {
            Fail(stderr, name, $"this terminal is not paired with mstro, and {problem}. Run mstro {name} yourself in a terminal: " +
                               "it asks for the pairing code shown where mstro serve runs (never on the command line, in a variable or a file).");
            return false;
        }
        for (var attempt = 1; attempt <= MaxPairingTries; attempt++)
        {
            var code = prompt.Ask("Pairing code shown by mstro serve (press Enter there for a new one): ");
            if (string.IsNullOrWhiteSpace(code))
            {
                Fail(stderr, name, "no pairing code given");
                return false;
            }
            using var content = JsonContent.Create(new PairRequest { Code = code.Trim() }, ProtocolJsonContext.Default.PairRequest);
            using var response = await approver.PostAsync("api/pair", content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var paired = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.PairResponse)!;
                prompt.Say($"Paired ({paired.Session}, until {paired.ExpiresAt.ToLocalTime():HH:mm} or until this terminal closes).");
                return true;
            }
            var message = ErrorMessage(response.StatusCode, body);
            if (response.StatusCode != HttpStatusCode.Forbidden || !message.StartsWith("wrong pairing code", StringComparison.Ordinal)
                || attempt == MaxPairingTries)
            {
                Fail(stderr, name, message);
                return false;
            }
            prompt.Say(message);
        }
        return false;
    }

    private static string Table(EscalationList list)
    {
        var text = new StringBuilder();
        if (list.Escalations.Count == 0)
        {
            text.AppendLine("Nothing waits for a person.");
            if (!list.PersonPresent)
                text.AppendLine("(No one is counted on to answer, so new escalations become Claude Code's own prompt at once: " +
                                "pair this terminal with `mstro approve --pair`, or run mstro serve in a terminal.)");
            return text.ToString();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{"ID",-8} {"AGE",5} {"LEFT",5}  {"SESSION",-10} {"TOOL",-10} COMMAND / PATH");
        foreach (var escalation in list.Escalations)
        {
            var age = list.Now - escalation.CreatedAt;
            var left = escalation.Deadline - list.Now;
            var session = TerminalText.Safe(escalation.SessionId ?? "-", 40);
            if (session.Length > 10) session = session[..10];
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{escalation.Id,-8} {Seconds(age),5} {Seconds(left),5}  {session,-10} {TerminalText.Safe(escalation.ToolName, 10),-10} {TerminalText.Safe(escalation.Summary, 200)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{"",8} Layer 1: {TerminalText.Safe(escalation.Layer1.Reason, 300)} [rule {TerminalText.Safe(escalation.Layer1.RuleId, 80)}]");
            if (escalation.Review is { } review)
                text.AppendLine(CultureInfo.InvariantCulture, $"{"",8} AI review: {TerminalText.Safe(review.Reason, 300)}");
            if (escalation.Cwd is { } cwd) text.AppendLine(CultureInfo.InvariantCulture, $"{"",8} in {TerminalText.Safe(cwd, 200)}");
        }
        text.AppendLine("Answer with: mstro approve ID | mstro deny ID  [--remember [--scope user|project]]");
        return text.ToString();
    }

    private static string Seconds(TimeSpan span) =>
        span <= TimeSpan.Zero ? "0s" : span.TotalSeconds < 100 ? $"{(int)span.TotalSeconds}s" : $"{(int)span.TotalMinutes}m";

    private static string? ErrorCode(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ErrorMessage(HttpStatusCode status, string body)
    {
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
        }
        if (status == HttpStatusCode.Unauthorized)
            return "mstro refused the runtime file's token (is ~/.mstro/server.json from another mstro?)";
        return error?.Message is { } message ? TerminalText.Safe(message, 1000) : $"mstro answered {(int)status}";
    }

    private static int Fail(TextWriter stderr, string command, string message)
    {
        stderr.WriteLine($"mstro {command}: {message}");
        return 1;
    }
}
