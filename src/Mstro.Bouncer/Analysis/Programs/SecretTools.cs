namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>CLIs that print stored credentials: each is recorded as a read of the store it reads (Detail
/// "credentials"), so the same secret-path rules apply as to <c>cat</c> of that file.</summary>
internal static class SecretTools
{
    /// <summary>Program → (words that must all appear among the arguments, the store read, relative to home
    /// unless absolute).</summary>
    private static readonly Dictionary<string, (string[] Words, string Store)[]> Table = new(StringComparer.Ordinal)
    {
        ["kubectl"] = [(["config", "view", "--raw"], ".kube/config"), (["config", "view", "--flatten"], ".kube/config")],
        ["gh"] = [(["auth", "token"], ".config/gh/hosts.yml"), (["auth", "status", "--show-token"], ".config/gh/hosts.yml"),
                  (["auth", "status", "-t"], ".config/gh/hosts.yml")],
        ["security"] = [(["find-generic-password"], "Library/Keychains/login.keychain-db"), (["find-internet-password"], "Library/Keychains/login.keychain-db"),
                        (["dump-keychain"], "Library/Keychains/login.keychain-db"), (["export"], "Library/Keychains/login.keychain-db")],
        ["secret-tool"] = [(["lookup"], ".local/share/keyrings/login.keyring"), (["search"], ".local/share/keyrings/login.keyring")],
        ["gpg"] = [(["--export-secret-keys"], ".gnupg/private-keys-v1.d"), (["--export-secret-subkeys"], ".gnupg/private-keys-v1.d"), (["--export-secret-key"], ".gnupg/private-keys-v1.d")],
        ["gpg2"] = [(["--export-secret-keys"], ".gnupg/private-keys-v1.d"), (["--export-secret-subkeys"], ".gnupg/private-keys-v1.d")],
        ["aws"] = [(["configure", "export-credentials"], ".aws/credentials"), (["configure", "get"], ".aws/credentials"),
                   (["sts", "get-session-token"], ".aws/credentials"), (["ecr", "get-login-password"], ".aws/credentials")],
        ["gcloud"] = [(["auth", "print-access-token"], ".config/gcloud/credentials.db"), (["auth", "print-identity-token"], ".config/gcloud/credentials.db"),
                      (["config", "config-helper"], ".config/gcloud/credentials.db")],
        ["az"] = [(["account", "get-access-token"], ".azure/msal_token_cache.json")],
        ["pass"] = [(["show"], ".password-store/.gpg-id"), (["-c"], ".password-store/.gpg-id")],
        ["op"] = [(["read"], ".config/op/config"), (["item", "get"], ".config/op/config"), (["document", "get"], ".config/op/config")],
        ["vault"] = [(["read"], ".vault-token"), (["kv", "get"], ".vault-token"), (["token", "lookup"], ".vault-token"),
                     (["print", "token"], ".vault-token")],
        ["heroku"] = [(["auth:token"], ".netrc")],
        ["doctl"] = [(["auth", "token"], ".config/doctl/config.yaml")],
        ["docker-credential-desktop"] = [(["get"], ".docker/config.json")],
        ["docker-credential-osxkeychain"] = [(["get"], "Library/Keychains/login.keychain-db")],
        ["docker-credential-secretservice"] = [(["get"], ".local/share/keyrings/login.keyring")],
    };

    public static void Register(ProgramTable table)
    {
        SecretSearch.Register(table);
        foreach (var (program, entries) in Table)
        {
            table.TryAdd(program, c => Handle(c, entries));
        }
    }

    private static bool HasAll(Arg[] args, string[] words)
    {
        foreach (var word in words)
        {
            var found = false;
            for (var i = 1; i < args.Length && !found; i++) found = args[i].Value == word;
            if (!found) return false;
        }
        return true;
    }

    private static void Handle(CommandContext c, (string[] Words, string Store)[] entries)
    {
        foreach (var (words, store) in entries)
        {
            if (!HasAll(c.Args, words)) continue;
            c.AddAbsolute(EffectKind.Read, store.StartsWith('/') ? store : c.Home + "/" + store, detail: "credentials");
            return;
        }
    }
}
