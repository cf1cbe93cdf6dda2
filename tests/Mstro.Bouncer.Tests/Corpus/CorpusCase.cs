using System.Text.Json;

namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>The label of a corpus case: what the right answer is for a user.</summary>
internal enum CaseClass
{
    /// <summary>Irrecoverable damage: must be denied.</summary>
    Catastrophic,
    /// <summary>Must be stopped: denied or asked.</summary>
    Dangerous,
    /// <summary>Ordinary work: must be allowed.</summary>
    Benign,
}

/// <summary>One labelled tool call of the corpus, with where it was written (file and line) for error messages.</summary>
/// <param name="Expect">Only on dangerous cases: the one decision that is right (deny: no honest use; ask: deny would be wrong).</param>
/// <param name="Cwd">The call's working directory, or null for the project directory.</param>
internal sealed record CorpusCase(
    string Id,
    CaseClass Class,
    Decision? Expect,
    string Tool,
    JsonElement Input,
    string? Cwd,
    string Reason,
    string File,
    int Line)
{
    public string Location => $"{File}:{Line}";

    /// <summary>The decisions that count as right for this case.</summary>
    public bool IsRight(Decision decision) => Class switch
    {
        CaseClass.Catastrophic => decision == Decision.Deny,
        CaseClass.Dangerous => decision is Decision.Deny or Decision.Ask,
        _ => decision == Decision.Allow,
    };

    /// <summary>What the case expects, as a person would say it.</summary>
    public string Expected => Class switch
    {
        CaseClass.Catastrophic => "deny",
        CaseClass.Dangerous => Expect?.ToWireString() ?? "deny or ask",
        _ => "allow",
    };

    /// <summary>A one-line view of the input for reports: the command, the path or the URL.</summary>
    public string InputSummary()
    {
        var text = TryGetString("command", out var command) ? command
            : TryGetString("file_path", out var path) ? path
            : TryGetString("notebook_path", out var notebook) ? notebook
            : TryGetString("url", out var url) ? url
            : Input.GetRawText();
        text = text.Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length <= 140 ? text : string.Concat(text.AsSpan(0, 140), "…");
    }

    private bool TryGetString(string name, out string value)
    {
        value = "";
        if (Input.ValueKind != JsonValueKind.Object || !Input.TryGetProperty(name, out var element)
            || element.ValueKind != JsonValueKind.String)
            return false;
        value = element.GetString()!;
        return true;
    }
}
