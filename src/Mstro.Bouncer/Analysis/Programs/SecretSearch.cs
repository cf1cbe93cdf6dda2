namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>A search whose pattern or file filter hunts for secrets (<c>grep -r 'api_key=' ~</c>, <c>rg -g '.env*' PASS
/// ~/work</c>, <c>find ~ -name '*.pem'</c>): each tree it searches is a Read with Detail "secret-search" (Recursive), so the
/// rules can ask when the tree lies outside the project. Plain searches of the same trees stay ordinary reads.</summary>
internal sealed class SecretSearch
{
    public const string Detail = "secret-search";

    private readonly List<string> _roots = [];
    private bool _hunts;

    private SecretSearch()
    {
    }

    /// <summary>File-name indexes (<c>locate id_rsa</c>, <c>mdfind -name .pem</c>) search the whole disk by name.</summary>
    public static void Register(ProgramTable table)
    {
        foreach (var name in new[] { "locate", "plocate", "mlocate", "slocate", "mdfind" }) table[name] = ByName;
    }

    private static void ByName(CommandContext c)
    {
        c.PathsHandled = true;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-onlyin" && i + 1 < c.Args.Length) i++;
            else if (!value.StartsWith('-') && LooksLikeSecretFile(value))
            {
                c.AddAbsolute(EffectKind.Read, "/", EffectFlags.Recursive | EffectFlags.Filtered, Detail);
                return;
            }
        }
    }

    /// <summary>A collector for the recursive search programs; null for other readers (cat, head...).</summary>
    public static SecretSearch? For(string program) => program is "grep" or "rg" or "ag" or "ack" ? new SecretSearch() : null;

    public void Option(in Option option)
    {
        if (option.Value is not { } value) return;
        if (option.Is('e') || option.Is("regexp")) Pattern(value.Value);
        else if (option.Is("include") || option.Is('g') || option.Is("glob") || option.Is("iglob") || option.Is('G')
                 || option.Is("file-search-regex"))
            _hunts |= LooksLikeSecretFile(value.Value);
    }

    public void Pattern(string pattern) => _hunts |= LooksLikeSecretPattern(pattern);

    public void Root(CommandContext c, in Arg operand)
    {
        if (c.PathOf(operand).Path is { } path) _roots.Add(path);
    }

    public void Report(CommandContext c)
    {
        if (!_hunts) return;
        foreach (var root in _roots) c.AddAbsolute(EffectKind.Read, root, EffectFlags.Recursive | EffectFlags.Filtered, Detail);
    }

    /// <summary>Words of file names that hold keys and credentials.</summary>
    private static readonly string[] SecretFileWords =
    [
        ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".kdbx",
        "credential", "secret", ".netrc", ".pgpass", "token", "passw", ".tfstate", "private", ".npmrc", ".pypirc", "wallet",
    ];

    /// <summary>Words of patterns that find keys and credentials inside files.</summary>
    private static readonly string[] SecretPatternWords =
    [
        "password", "passwd", "pwd=", "secret", "api_key", "apikey", "api-key", "access_key", "access-key", "private key",
        "private_key", "privatekey", "token", "akia", "aws_secret", "aws_access", "ghp_", "gho_", "github_pat", "glpat-", "sk_live", "sk-ant", "sk-proj",
        "xoxb-", "xoxp-", "-----begin", "bearer", "credential", "client_secret", "mnemonic", "seed phrase",
    ];

    public static bool LooksLikeSecretFile(string name) => ContainsAny(name, SecretFileWords);

    public static bool LooksLikeSecretPattern(string pattern) => ContainsAny(pattern, SecretPatternWords);

    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (TextSearch.ContainsIgnoringCase(text, word)) return true;
        }
        return false;
    }
}
