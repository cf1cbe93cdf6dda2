using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Files that find selects by one name pattern are <c>ROOT/**/PATTERN</c>, so rules that name files by pattern
/// can see what is read, deleted or sent.</summary>
public class PatternReadTests
{
    [Theory]
    [InlineData("find ~ -name '*.pem' -exec cat {} \\;", Home + "/**/*.pem")]
    [InlineData("find ~ -type f -iname '*.key' -exec grep -l PRIVATE {} +", Home + "/**/*.key")]
    [InlineData("find / -name id_rsa | xargs cat", "/**/id_rsa")]
    [InlineData("find ~ -name 'id_*' -print0 | xargs -0 cat", Home + "/**/id_*")]
    [InlineData("cat $(find ~/work -name .env)", Home + "/work/**/.env")]
    [InlineData("find ~/.config -name '*credentials*' -exec head {} \\;", Home + "/.config/**/*credentials*")]
    public void AFindByNameReadsTheFilesThatPatternNames(string command, string pattern) =>
        Of(command).Has(EffectKind.Read, pattern, EffectFlags.Glob | EffectFlags.Filtered);

    [Theory]
    [InlineData("find ~ -name '*.pem' -o -name '*.key' -exec cat {} \\;", Home)]
    [InlineData("find ~ -path '*/.ssh/*' -exec cat {} \\;", Home)]
    [InlineData("find ~ -not -name '*.txt' -exec cat {} \\;", Home)]
    [InlineData("find ~ -mtime -1 -exec cat {} \\;", Home)]
    public void OtherSelectionsStayTheDirectorysContents(string command, string directory) =>
        Of(command).Has(EffectKind.Read, directory, EffectFlags.Glob | EffectFlags.Filtered);

    [Fact]
    public void DeletesByPatternKeepThePatternToo()
    {
        Of("find . -name '*.pyc' -exec rm {} +").Has(EffectKind.Delete, Project + "/**/*.pyc", EffectFlags.Glob | EffectFlags.Filtered);
        Of("find . -name '*.pyc' -exec rm {} +").IsOrdinary();
        Of("find ~ -name '*.bak' -exec rm {} \\;").Has(EffectKind.Delete, Home + "/**/*.bak");
    }
}
