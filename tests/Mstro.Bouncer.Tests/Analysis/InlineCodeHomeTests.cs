using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Inline code that reaches the home directory through the environment or the language's own home API, strings
/// joined with each language's operator (PHP/Perl <c>.</c>, Lua <c>..</c>, f-strings, templates), and loops that
/// delete every entry of a listed directory.</summary>
public class InlineCodeHomeTests
{
    [Theory]
    [InlineData("php -r 'system(\"rm -rf \" . getenv(\"HOME\"));'")]
    [InlineData("php -r '$h = getenv(\"HOME\"); passthru(\"rm -rf \" . $h);'")]
    [InlineData("lua -e 'os.execute(\"rm -rf \" .. os.getenv(\"HOME\"))'")]
    [InlineData("lua5.4 -e 'local h = os.getenv(\"HOME\"); os.execute(\"rm -rf \" .. h)'")]
    [InlineData("perl -e 'system(\"rm -rf \" . $ENV{HOME})'")]
    [InlineData("perl -e 'system(\"rm -rf $ENV{HOME}\")'")]
    [InlineData("perl -e 'system \"rm -rf $ENV{\\\"HOME\\\"}\"'")]
    [InlineData("python3 -c 'import os; os.system(\"rm -rf \" + os.environ[\"HOME\"])'")]
    [InlineData("python3 -c 'import os; os.system(\"rm -rf \" + os.path.expanduser(\"~\"))'")]
    [InlineData("python3 -c 'import os; from pathlib import Path; os.system(f\"rm -rf {Path.home()}\")'")]
    [InlineData("python3 -c 'import os; os.system(f\"rm -rf {os.environ[\\\"HOME\\\"]}\")'")]
    [InlineData("python3 -c 'import os; os.system(f\"rm -rf { os.getenv(\\\"HOME\\\") }\")'")]
    [InlineData("node -e 'const os=require(\"os\"); require(\"child_process\").execSync(`rm -rf ${os.homedir()}`)'")]
    [InlineData("node -e 'require(\"child_process\").execSync(`rm -rf ${process.env.HOME}`)'")]
    [InlineData("node -e 'require(\"child_process\").execSync(\"rm -rf \" + process.env.HOME)'")]
    [InlineData("ruby -e 'system(\"rm -rf #{Dir.home}\")'")]
    [InlineData("ruby -e 'system(\"rm -rf #{ENV[\\\"HOME\\\"]}\")'")]
    [InlineData("ruby -e 'system(\"rm -rf \" + ENV.fetch(\"HOME\"))'")]
    public void CommandsBuiltFromTheHomeDirectoryAreResolved(string command) =>
        Of(command).Has(EffectKind.Delete, Home, EffectFlags.Recursive);

    [Theory]
    [InlineData("python3 -c 'import shutil; from pathlib import Path; shutil.rmtree(Path.home())'")]
    [InlineData("python3 -c 'import shutil, os; shutil.rmtree(os.path.expanduser(\"~\"))'")]
    [InlineData("deno eval 'Deno.removeSync(Deno.env.get(\"HOME\")!, { recursive: true })'")]
    [InlineData("echo 'await Deno.remove(Deno.env.get(\"HOME\")!, {recursive: true})' | deno run -")]
    [InlineData("node -e 'const fs=require(\"fs\"),os=require(\"os\"); fs.rmSync(os.homedir(), {recursive:true, force:true})'")]
    [InlineData("node -e 'require(\"fs\").rmSync(process.env.HOME, {recursive: true})'")]
    [InlineData("ruby -e 'require \"fileutils\"; FileUtils.rm_rf(Dir.home)'")]
    [InlineData("perl -MFile::Path -e 'rmtree($ENV{HOME})'")]
    public void DeletionApisGivenTheHomeDirectoryDeleteIt(string command) =>
        Of(command).Has(EffectKind.Delete, Home, EffectFlags.Recursive);

    [Theory]
    [InlineData("python3 - <<'EOF'\nimport os, shutil\nfor entry in os.listdir('/home/alice'):\n    p = os.path.join('/home/alice', entry)\n    shutil.rmtree(p)\nEOF")]
    [InlineData("python3 -c 'import os,shutil\nfor e in os.scandir(\"/home/alice\"): shutil.rmtree(e.path)'")]
    [InlineData("python3 -c 'import glob,shutil\nfor p in glob.glob(\"/home/alice/*\"): shutil.rmtree(p, ignore_errors=True)'")]
    [InlineData("python3 -c 'import shutil; from pathlib import Path\nfor p in Path(\"/home/alice\").iterdir(): shutil.rmtree(p)'")]
    [InlineData("python3 -c 'import os,shutil; [shutil.rmtree(os.path.join(\"/home/alice\", x)) for x in os.listdir(\"/home/alice\")]'")]
    [InlineData("node -e 'const fs=require(\"fs\"),path=require(\"path\"); for (const f of fs.readdirSync(\"/home/alice\")) fs.rmSync(path.join(\"/home/alice\", f), {recursive:true})'")]
    [InlineData("node -e 'const fs=require(\"fs\"); fs.readdirSync(\"/home/alice\").forEach(f => fs.rmSync(\"/home/alice/\" + f, {recursive: true}))'")]
    [InlineData("ruby -e 'require \"fileutils\"; Dir.children(\"/home/alice\").each { |f| FileUtils.rm_rf(File.join(\"/home/alice\", f)) }'")]
    [InlineData("ruby -e 'require \"fileutils\"; Dir[\"/home/alice/*\"].each do |f| FileUtils.rm_rf(f) end'")]
    public void LoopsThatDeleteEveryEntryOfADirectoryDeleteItsContents(string command) =>
        Of(command).Has(EffectKind.Delete, Home, EffectFlags.Recursive | EffectFlags.Glob);

    [Fact]
    public void LoopsOverTheProjectOrATempDirStayThere()
    {
        Of("python3 -c 'import os,shutil\nfor e in os.listdir(\"build\"): shutil.rmtree(os.path.join(\"build\", e))'")
            .Has(EffectKind.Delete, Project + "/build", EffectFlags.Glob);
        Of("python3 -c 'import os\nfor f in os.listdir(\"/tmp/x\"): os.remove(os.path.join(\"/tmp/x\", f))'").IsOrdinary();
        Of("python3 -c 'import os\nfor f in os.listdir(\"/home/alice\"): print(os.path.join(\"/home/alice\", f))'").HasNo(EffectKind.Delete);
    }

    [Theory]
    [InlineData("php -r 'echo \"a\" . \"b\";'")]
    [InlineData("php -r '$x = new Foo(); $x->getenv(\"HOME\");'")]
    [InlineData("python3 -c 'from pathlib import Path; print(f\"home is {Path.home()}\")'")]
    [InlineData("node -e 'const os=require(\"os\"); console.log(`${os.homedir()}/x`)'")]
    [InlineData("lua -e 'print(\"a\" .. \"b\")'")]
    [InlineData("python3 -c 'import os; print(os.environ[\"HOME\"])'")]
    public void MentioningTheHomeDirectoryIsNothing(string command)
    {
        var effects = Of(command);
        effects.HasNo(EffectKind.Delete);
        effects.HasNo(EffectKind.ExecuteCode);
    }
}
