using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mstro.Bouncer;
using Mstro.Bouncer.Policy;
using Mstro.Hook.Hosting;
using Mstro.Protocol.Escalations;
using Mstro.Server.Decisions;

namespace Mstro.Server.Remember;

/// <summary>What remembering an answer did: the rule written, or why nothing was.</summary>
internal sealed record RememberOutcome(RememberedRuleView? Rule, string Problem);

/// <summary>Turns a person's answer into a rule, so the next identical call is decided by Layer 1 without asking anyone.
/// <list type="bullet">
/// <item>An approval becomes an <c>allow</c> rule in the user's <c>~/.mstro/bouncer.json</c> (a project's file may only
/// tighten, so its allow rules are ignored); with scope <c>project</c> it carries a <c>project</c> condition limiting it to
/// the call's project.</item>
/// <item>A denial becomes a <c>deny</c> rule: in the user's file, or with scope <c>project</c> in the project's own
/// <c>.mstro/bouncer.json</c>.</item>
/// <item>The rule is as narrow as the call allows (<see cref="RuleConditions"/>), and before the file is replaced the
/// call is decided again with the new rules: the rule must decide it (an approval must come out allow, a denial deny),
/// otherwise nothing is written and the person is told why (e.g. their own ask rule still asks). A catastrophic finding
/// is never loosened by any rule, so no remembered approval can reach one.</item>
/// </list></summary>
internal sealed class RememberedRules(ServerOptions options, TimeProvider time, ILogger<RememberedRules> logger)
{
    private static readonly JsonWriterOptions RuleJsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public RememberOutcome Remember(AmbiguousCall call, string escalationId, bool approve, RememberRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var scope = (request.Scope ?? RememberScopes.User).Trim().ToLowerInvariant();
        if (scope is not (RememberScopes.User or RememberScopes.Project))
            return Refused($"remember.scope must be \"user\" or \"project\", not \"{request.Scope}\".");
        if (request.Pattern is { } given && (given.Length == 0 || given.Length > 1024 || given.Any(char.IsControl)))
            return Refused("remember.pattern must be a glob of 1 to 1024 characters on one line.");

        var payload = call.Payload;
        if (payload.Cwd is null) return Refused("the call has no working directory, so no rule can be scoped to it.");
        var paths = new MstroPaths(options.HomeDirectory, options.ClaudeConfigDirectory, options.MstroDirectory);
        var environment = CallEnvironment.For(paths, payload.Cwd, call.ProjectDir, Environment.GetEnvironmentVariable);
        var userFile = options.UserRulesFile;
        var projectFile = MstroPaths.ProjectRules(environment.ProjectDir);
        var rulesNow = RuleLoader.Load(userFile, projectFile).RuleSet;

        var conditions = RuleConditions.For(payload, environment, rulesNow, request.Pattern, out var problem);
        if (conditions is null) return Refused(problem);

        var limitToProject = approve && scope == RememberScopes.Project;
        var toProjectFile = !approve && scope == RememberScopes.Project;
        var (id, json) = RuleJson(conditions, approve, limitToProject ? RuleConditions.EscapeGlob(environment.ProjectDir) : null, escalationId);
        var file = toProjectFile ? projectFile : userFile;
        var expected = approve ? Decision.Allow : Decision.Deny;

        var write = RulesFileWriter.Add(file, toProjectFile ? RuleSource.Project : RuleSource.User, id, json, candidate =>
        {
            var loaded = toProjectFile ? RuleLoader.Load(userFile, candidate) : RuleLoader.Load(candidate, projectFile);
            var errors = loaded.Errors.Where(error => error.File == candidate).ToList();
            if (errors.Count > 0) return $"the rule mstro would write is not valid ({errors[0].Field}: {errors[0].Message}).";
            Verdict verdict;
            try
            {
                verdict = new BouncerEngine(loaded.RuleSet).Decide(payload, environment);
            }
            catch (Bouncer.Hook.HookPayloadException e)
            {
                return $"the call cannot be decided again ({e.Message}).";
            }
            if (verdict.Decision == expected) return null;
            var why = !verdict.Findings.Any(finding => finding.RuleId == id)
                ? request.Pattern is null ? "the rule does not match this call" : "the pattern does not match this call"
                : $"it matches, but {verdict.RuleId} still decides (an allow rule never loosens your own or the project's " +
                  "ask and deny rules, nor a catastrophic finding: change that rule instead)";
            return $"with the rule, Layer 1 would still answer {verdict.Decision.ToWireString()} ({verdict.Reason} " +
                   $"[rule {verdict.RuleId}]): {why}.";
        });
        if (!write.Written) return Refused(write.Problem!);

        logger.RuleRemembered(id, scope, write.File, write.Existing);
        return new RememberOutcome(new RememberedRuleView(id, scope, write.File, json, write.Existing), "");
    }

    /// <summary>The rule as one JSON line, and its id: <c>remembered.&lt;tool&gt;-&lt;hash of what it matches&gt;</c>,
    /// so remembering the same thing twice finds the rule already there.</summary>
    private (string Id, string Json) RuleJson(RuleConditions conditions, bool approve, string? project, string escalationId)
    {
        var decision = approve ? "allow" : "deny";
        var identity = new StringBuilder().Append(decision).Append('\n').Append(conditions.Tool);
        foreach (var list in new[] { conditions.Commands, conditions.Paths, conditions.Hosts })
        {
            identity.Append('\n');
            if (list is not null) identity.AppendJoin('\u0001', list);
        }
        identity.Append('\n').Append(project);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..10];
        var slug = new string(conditions.Tool.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').Take(40).ToArray()).Trim('-');
        var id = $"remembered.{(slug.Length == 0 ? "tool" : slug)}-{hash}";

        var date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reason = $"you {(approve ? "approved" : "denied")} this in mstro on {date} (escalation {escalationId})";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RuleJsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("decision", decision);
            writer.WriteString("reason", reason);
            writer.WriteString("tool", conditions.Tool);
            WriteList(writer, "command", "commands", conditions.Commands);
            WriteList(writer, "path", "paths", conditions.Paths);
            WriteList(writer, "host", "hosts", conditions.Hosts);
            if (project is not null) writer.WriteString("project", project);
            writer.WriteEndObject();
        }
        return (id, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteList(Utf8JsonWriter writer, string singular, string plural, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0) return;
        if (values.Count == 1)
        {
            writer.WriteString(singular, values[0]);
            return;
        }
        writer.WriteStartArray(plural);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static RememberOutcome Refused(string problem) => new(null, problem);
}
