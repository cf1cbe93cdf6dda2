
namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Tools that print shell setup code meant for <c>eval "$(tool ...)"</c> in every shell profile. Running
/// their output is as trusted as running the tool itself, so it is not "dynamic code".</summary>
internal static class ShellSetup
{
    /// <summary>Program → the first argument that makes it print setup code (null: any invocation does).</summary>
    internal static readonly Dictionary<string, string[]?> Generators = new Dictionary<string, string[]?>(StringComparer.Ordinal)
    {
        ["pyenv"] = ["init", "virtualenv-init"], ["rbenv"] = ["init"], ["nodenv"] = ["init"], ["goenv"] = ["init"],
        ["jenv"] = ["init"], ["plenv"] = ["init"], ["phpenv"] = ["init"], ["direnv"] = ["hook", "export"],
        ["ssh-agent"] = null, ["brew"] = ["shellenv"], ["conda"] = ["shell.bash", "shell.zsh", "shell.fish", "shell.posix"],
        ["micromamba"] = ["shell"], ["starship"] = ["init"], ["zoxide"] = ["init"], ["fnm"] = ["env"],
        ["mise"] = ["activate", "env", "hook-env"], ["rtx"] = ["activate", "env"], ["thefuck"] = ["--alias"],
        ["opam"] = ["env", "config"], ["minikube"] = ["docker-env", "podman-env"], ["docker-machine"] = ["env"],
        ["luarocks"] = ["path"], ["register-python-argcomplete"] = null, ["dircolors"] = null, ["keychain"] = ["--eval"],
        ["gpg-agent"] = null, ["atuin"] = ["init"], ["mcfly"] = ["init"], ["fzf"] = ["--bash", "--zsh", "--fish"],
        ["rustup"] = ["completions"], ["kubectl"] = ["completion"], ["gh"] = ["completion"], ["helm"] = ["completion"],
        ["npm"] = ["completion"], ["pip"] = ["completion"], ["uv"] = ["generate-shell-completion"], ["poetry"] = ["completions"],
        ["volta"] = ["setup"], ["asdf"] = ["exec"], ["pdm"] = ["--pep582"], ["aws_completer"] = null,
    };

    public static bool Prints(string program, Arg[] argv)
    {
        if (!Generators.TryGetValue(program, out var triggers)) return false;
        if (triggers is null) return true;
        for (var i = 1; i < argv.Length; i++)
        {
            var value = argv[i].Value;
            if (Array.IndexOf(triggers, value) >= 0) return true;
            if (!value.StartsWith('-')) return false;
        }
        return false;
    }
}
