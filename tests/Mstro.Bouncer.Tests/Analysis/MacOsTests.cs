using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Policy;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>macOS: password dialogs, the privacy permissions database (TCC), Gatekeeper.</summary>
public class MacOsTests
{
    private const string Tcc = Home + "/Library/Application Support/com.apple.TCC/TCC.db";

    private static Decision Decide(string command) =>
        new BouncerEngine(RuleSet.BuiltIn, RealFileSystemView.Instance).DecideCommand(command, Env).Decision;

    [Theory]
    [InlineData("osascript -e 'display dialog \"macOS wants to update. Enter your password:\" default answer \"\" with hidden answer'")]
    [InlineData("osascript -e 'set p to text returned of (display dialog \"Password\" default answer \"\" with icon caution with hidden answer)' -e 'do shell script \"echo \" & p'")]
    [InlineData("osascript -l JavaScript -e 'var a = Application.currentApplication(); a.includeStandardAdditions = true; a.displayDialog(\"Password\", {defaultAnswer: \"\", hiddenAnswer: true})'")]
    [InlineData("osascript <<'EOF'\ndisplay dialog \"Keychain access\" default answer \"\" with hidden answer\nEOF")]
    public void APasswordDialogIsDenied(string command)
    {
        Of(command).Has(EffectKind.Privilege, detail: "password-prompt");
        Assert.Equal(Decision.Deny, Decide(command));
    }

    [Theory]
    [InlineData("osascript -e 'display notification \"Build finished\" with title \"make\"'")]
    [InlineData("osascript -e 'display dialog \"Tests passed\" buttons {\"OK\"}'")]
    [InlineData("osascript -e 'tell application \"Terminal\" to activate'")]
    public void OtherAppleScriptStaysAllowed(string command) => Assert.Equal(Decision.Allow, Decide(command));

    [Theory]
    [InlineData("sqlite3 \"" + Tcc + "\" \"INSERT INTO access VALUES('kTCCServiceScreenCapture','com.evil',0,2,4,1,NULL,NULL,0,'UNUSED',NULL,0,0)\"")]
    [InlineData("cp /tmp/TCC.db \"" + Tcc + "\"")]
    [InlineData("rm \"" + Tcc + "\"")]
    public void ChangingTheTccDatabaseIsDenied(string command) => Assert.Equal(Decision.Deny, Decide(command));

    [Fact]
    public void ReadingTheTccDatabaseIsNotAWrite() =>
        Of("sqlite3 \"" + Tcc + "\" 'select client, service from access'").HasNo(EffectKind.Write);

    [Theory]
    [InlineData("tccutil reset All")]
    [InlineData("tccutil reset Camera com.example.app")]
    [InlineData("xattr -d com.apple.quarantine ~/Downloads/tool")]
    [InlineData("xattr -dr com.apple.quarantine /Applications/Some.app")]
    [InlineData("sudo xattr -r -d com.apple.quarantine ./bin/helper")]
    [InlineData("xattr -cr ~/Downloads/App.app")]
    [InlineData("sudo spctl --master-disable")]
    [InlineData("spctl --global-disable")]
    public void PermissionResetsAndGatekeeperBypassesAsk(string command) => Assert.NotEqual(Decision.Allow, Decide(command));

    [Theory]
    [InlineData("xattr -l ~/Downloads/tool")]
    [InlineData("xattr -p com.apple.quarantine ./dist/app")]
    [InlineData("spctl --assess --verbose /Applications/Safari.app")]
    [InlineData("sqlite3 dev.db \"insert into users(name) values('a')\"")]
    public void InspectingStaysAllowed(string command) => Assert.Equal(Decision.Allow, Decide(command));
}
