namespace Mstro.Bouncer.Analysis;

/// <summary>SQL text a client runs (an MCP tool's <c>sql</c> field, <c>psql -c</c>, <c>mysql -e</c>): each statement becomes a
/// <c>run</c> effect of the program <c>sql</c>, its text the statement in lower case with blanks collapsed
/// (<c>sql delete from users</c>), so the packs can tell <c>DROP</c>, <c>TRUNCATE</c> and a <c>DELETE</c> without
/// <c>WHERE</c> from ordinary queries.</summary>
internal static class SqlStatements
{
    private const int MaxStatements = 32;
    private const int MaxStatementLength = 4096;

    private static readonly string[] Keywords =
    [
        "select", "insert", "update", "delete", "drop", "truncate", "alter", "create", "grant", "revoke", "with", "merge", "replace",
        "rename", "vacuum", "copy", "exec", "execute", "call",
    ];

    /// <summary>Reports the first <see cref="MaxStatements"/> statements; true when any statement changes the database
    /// (insert, update, delete, DDL).</summary>
    public static bool Report(EffectSink sink, string sql, string cwd, int depth, EffectFlags flags = EffectFlags.None)
    {
        var count = 0;
        var changes = false;
        foreach (var statement in Split(sql))
        {
            var normal = Normalize(statement);
            var keyword = FirstWord(normal);
            changes |= Array.IndexOf(ChangingKeywords, keyword) >= 0;
            if (++count > MaxStatements || normal.Length == 0 || Array.IndexOf(Keywords, keyword) < 0) continue;
            var text = "sql " + normal;
            sink.Add(EffectKind.Run, new Invocation("sql", [normal], text, cwd, depth), detail: "sql", flags: flags);
        }
        return changes;
    }

    private static readonly string[] ChangingKeywords = ["insert", "update", "delete", "drop", "truncate", "alter", "create", "replace"];

    /// <summary>Statements split on <c>;</c> outside quotes.</summary>
    private static List<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '\'' or '"' or '`') quote = c;
            else if (c == ';')
            {
                statements.Add(sql[start..i]);
                start = i + 1;
            }
        }
        statements.Add(sql[start..]);
        return statements;
    }

    private static string Normalize(string statement)
    {
        var text = statement.Length > MaxStatementLength ? statement[..MaxStatementLength] : statement;
        var builder = new System.Text.StringBuilder(text.Length);
        var blank = true;
        var lines = text.Split('\n');
        foreach (var rawLine in lines)
        {
            // A "-- comment" line says nothing about what runs.
            var line = rawLine;
            var comment = line.IndexOf("--", StringComparison.Ordinal);
            if (comment >= 0) line = line[..comment];
            foreach (var c in line)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (!blank) builder.Append(' ');
                    blank = true;
                    continue;
                }
                builder.Append(char.ToLowerInvariant(c));
                blank = false;
            }
            if (!blank) builder.Append(' ');
            blank = true;
        }
        return builder.ToString().Trim();
    }

    private static string FirstWord(string normal)
    {
        var space = normal.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? normal : normal[..space];
    }
}
