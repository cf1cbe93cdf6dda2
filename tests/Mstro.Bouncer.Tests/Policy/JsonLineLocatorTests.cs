using System.Text;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

public class JsonLineLocatorTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""
        // a comment
        {
          "version": 1,
          "rules": [
            { "id": "a", "decision": "deny" },
            {
              "id": "b",
              "paths": [
                "/x",
                "/y"
              ],
              "id": "b2"
            }
          ]
        }
        """.ReplaceLineEndings("\n"));

    [Theory]
    [InlineData(2, new object[] { })]
    [InlineData(3, new object[] { "version" })]
    [InlineData(4, new object[] { "rules" })]
    [InlineData(5, new object[] { "rules", 0 })]
    [InlineData(5, new object[] { "rules", 0, "decision" })]
    [InlineData(6, new object[] { "rules", 1 })]
    [InlineData(7, new object[] { "rules", 1, "id" })]
    [InlineData(10, new object[] { "rules", 1, "paths", 1 })]
    public void FindsTheLineOfAPath(int line, object[] path) =>
        Assert.Equal(line, JsonLineLocator.FindLine(Json, ToPath(path)));

    [Fact]
    public void FindsARepeatedMember() =>
        Assert.Equal(12, JsonLineLocator.FindLine(Json, ToPath(["rules", 1, "id"]), occurrence: 1));

    [Fact]
    public void FallsBackToTheDeepestPartFound()
    {
        Assert.Equal(6, JsonLineLocator.FindLine(Json, ToPath(["rules", 1, "nope"])));
        Assert.Equal(4, JsonLineLocator.FindLine(Json, ToPath(["rules", 7])));
    }

    [Fact]
    public void FormatsPaths()
    {
        Assert.Equal("rules[3].decision", JsonPathSegment.Format(ToPath(["rules", 3, "decision"])));
        Assert.Equal("rules[0][\"my field\"]", JsonPathSegment.Format(ToPath(["rules", 0, "my field"])));
        Assert.Equal("$schema", JsonPathSegment.Format(ToPath(["$schema"])));
    }

    private static JsonPathSegment[] ToPath(object[] parts) =>
        [.. parts.Select(p => p is int i ? JsonPathSegment.FromIndex(i) : JsonPathSegment.FromName((string)p))];
}
