using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Policy;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Searches that hunt for secrets: by pattern (grep -r 'api_key'), by file filter (--include '.env*'), by name
/// (find ~ -name '*.pem'). Outside the project they ask; in the project and the temp dirs they are ordinary.</summary>
public class SecretSearchTests
{
    private static Decision Decide(string command) =>
        new BouncerEngine(RuleSet.BuiltIn, RealFileSystemView.Instance).DecideCommand(command, Env).Decision;

    [Theory]
    [InlineData("grep -rE \"(api_key|password)\\s*=\" ~/work", Home + "/work")]
    [InlineData("grep -r '' --include='.env*' ~/work", Home + "/work")]
    [InlineData("rg --hidden -g '.env*' PASSWORD ~/work", Home + "/work")]
    [InlineData("ag -l sk_live_ ~/code", Home + "/code")]
    [InlineData("grep -R -e AKIA -e ghp_ /srv", "/srv")]
    [InlineData("find ~/work -name '*.pem'", Home + "/work")]
    [InlineData("find / -iname 'id_rsa*' 2>/dev/null", "/")]
    [InlineData("find ~ -type f -path '*/.aws/*credentials*'", Home)]
    [InlineData("locate id_rsa", "/")]
    [InlineData("mdfind -name .pem", "/")]
    public void ASecretHuntIsASecretSearchOfTheTree(string command, string root)
    {
        Of(command).Has(EffectKind.Read, path: root, flags: EffectFlags.Recursive, detail: "secret-search");
        Assert.NotEqual(Decision.Allow, Decide(command));
    }

    [Theory]
    [InlineData("grep -rn password src/")]
    [InlineData("rg -n 'api_key' .")]
    [InlineData("find . -name '*.pem'")]
    [InlineData("grep -rn TODO ~/work/other-project")]
    [InlineData("find ~/work -name '*.csproj'")]
    [InlineData("grep -rn password /tmp/build-logs")]
    [InlineData("grep password config/settings.yml")]
    [InlineData("locate libssl.so")]
    public void OrdinarySearchesStayAllowed(string command) =>
        Assert.Equal(Decision.Allow, Decide(command));

    [Theory]
    [InlineData("find ~/work -name '*.csproj'")]
    [InlineData("grep -rn TODO ~/work")]
    public void APlainSearchIsNoSecretSearch(string command)
    {
        foreach (var effect in Of(command)) Assert.NotEqual("secret-search", effect.Detail);
    }
}
