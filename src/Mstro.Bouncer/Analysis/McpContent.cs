using System.Text.Json;

namespace Mstro.Bouncer.Analysis;

/// <summary>What an MCP call's text says beyond paths and commands: SQL it runs (fields named <c>sql</c>, <c>query</c>,
/// <c>statement</c>) and credentials in what a messaging or publishing tool sends (<c>post_message</c>,
/// <c>create_issue</c>, <c>send_email</c>...).</summary>
internal static class McpContent
{
    private const int MaxJsonDepth = 16;
    private const int MaxStrings = 512;

    /// <summary>Words of a tool's name that say it sends its text to people or another service.</summary>
    private static readonly string[] SendingWords =
    [
        "post", "send", "message", "messages", "comment", "reply", "publish", "tweet", "email", "mail", "notify", "chat", "issue",
        "share", "gist", "page", "pull", "discussion", "webhook", "broadcast", "dm", "thread", "ticket", "paste", "upload",
    ];

    /// <summary>Parts of a server or tool name that say it talks to a database, so its <c>query</c> field is SQL rather than
    /// a search.</summary>
    private static readonly string[] DatabaseWords =
    [
        "sql", "postgres", "pg", "maria", "db", "database", "supabase", "neon", "bigquery", "snowflake", "clickhouse", "redshift",
        "oracle", "planetscale", "turso", "cockroach",
    ];

    public static void Analyze(string tool, JsonElement input, ShellAnalysis analysis)
    {
        var (server, name) = Split(tool);
        var sends = HasSendingWord(name);
        var database = IsDatabaseTool(tool);
        var budget = MaxStrings;
        var secret = false;
        Walk(input, null, 0, ref budget, analysis, sends, database, ref secret);
        if (secret) analysis.Sink.Add(EffectKind.Upload, null, host: server, detail: SecretCarriers.Secret);
    }

    private static void Walk(JsonElement element, string? field, int depth, ref int budget, ShellAnalysis analysis, bool sends,
        bool database, ref bool secret)
    {
        if (depth > MaxJsonDepth || budget <= 0) return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (budget <= 0) return;
                    Walk(property.Value, property.Name, depth + 1, ref budget, analysis, sends, database, ref secret);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, field, depth + 1, ref budget, analysis, sends, database, ref secret);
                break;
            case JsonValueKind.String:
                budget--;
                var text = element.GetString() ?? "";
                if (field is not null && IsSqlField(field, database)) SqlStatements.Report(analysis.Sink, text, analysis.Environment.Cwd, 1);
                if (sends && !secret) secret = SecretCarriers.InText(text);
                break;
        }
    }

    private static bool IsSqlField(string name, bool database) =>
        name.Equals("sql", StringComparison.OrdinalIgnoreCase) || database && name.Equals("query", StringComparison.OrdinalIgnoreCase)
        || name.Equals("statement", StringComparison.OrdinalIgnoreCase) || name.Equals("statements", StringComparison.OrdinalIgnoreCase)
        || name.Equals("sql_query", StringComparison.OrdinalIgnoreCase) || name.Equals("sqlQuery", StringComparison.OrdinalIgnoreCase);

    private static bool IsDatabaseTool(string tool)
    {
        foreach (var word in DatabaseWords)
        {
            if (TextSearch.ContainsIgnoringCase(tool, word)) return true;
        }
        return false;
    }

    /// <summary><c>mcp__server__tool</c> → (server, tool), lower case server.</summary>
    private static (string? Server, string Name) Split(string tool)
    {
        var last = tool.LastIndexOf("__", StringComparison.Ordinal);
        if (last < 0) return (null, tool);
        var first = tool.IndexOf("__", StringComparison.Ordinal);
        var server = first + 2 < last ? tool[(first + 2)..last].ToLowerInvariant() : null;
        return (server, tool[(last + 2)..]);
    }

    private static bool HasSendingWord(string name)
    {
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var end = i == name.Length || name[i] is '_' or '-' or '.' or ' '
                || i > start && char.IsAsciiLetterUpper(name[i]) && char.IsAsciiLetterLower(name[i - 1]);
            if (!end) continue;
            var word = name.AsSpan(start, i - start);
            foreach (var sending in SendingWords)
            {
                if (word.Equals(sending, StringComparison.OrdinalIgnoreCase)) return true;
            }
            start = i < name.Length && name[i] is '_' or '-' or '.' or ' ' ? i + 1 : i;
        }
        return false;
    }
}
