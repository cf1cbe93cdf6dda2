using System.Runtime.Versioning;
using Mstro.Review.Credentials;
using Mstro.Review.Tests.Fakes;

namespace Mstro.Review.Tests;

/// <summary>The key's sources, against real files with real permission bits (mstro runs on macOS and Linux).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CredentialTests
{
    private const string FileKey = "sk-ant-api03-FILEKEYfromCredentialsJson-0000c3d4";

    private static string WriteCredentials(TempHome home, string content, UnixFileMode fileMode, UnixFileMode? directoryMode = null)
    {
        var directory = Path.Combine(home.Path, ".mstro");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, directoryMode ?? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, "credentials.json");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, fileMode);
        return path;
    }

    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void EnvironmentKeyWinsAndTheFileIsNotRead()
    {
        using var home = new TempHome();
        WriteCredentials(home, "not json at all", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(home: home.Path));

        Assert.Equal("ANTHROPIC_API_KEY", resolved.Source);
        Assert.Equal(Reviewers.Key, resolved.Key!.Reveal());
        Assert.False(resolved.Refused);
    }

    [Fact]
    public void PrivateCredentialsFileIsUsed()
    {
        using var home = new TempHome();
        var path = WriteCredentials(home, $$"""{"anthropicApiKey": "{{FileKey}}"}""", Mode600);

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path));

        Assert.Equal(FileKey, resolved.Key!.Reveal());
        Assert.Equal(path, resolved.Source);
        using var reviewer = AiReviewer.Create(new AiReviewOptions(), Reviewers.Environment(key: null, home: home.Path));
        Assert.True(reviewer.IsConfigured);
        Assert.Equal($"AI review: on ({AiReviewOptions.DefaultModel} at https://api.anthropic.com, key sk-ant-…c3d4 from {path})", reviewer.Describe().ToString());
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "0604")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, "0700")]
    public void CredentialsFileWiderThan0600IsRefused(UnixFileMode mode, string shown)
    {
        using var home = new TempHome();
        var path = WriteCredentials(home, $$"""{"anthropicApiKey": "{{FileKey}}"}""", mode);

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path));

        Assert.Null(resolved.Key);
        Assert.True(resolved.Refused);
        Assert.Contains($"{path} has mode {shown}, wider than 0600", resolved.Source, StringComparison.Ordinal);
        Assert.Contains("chmod 600", resolved.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(FileKey, resolved.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NarrowerThan0600IsFine()
    {
        using var home = new TempHome();
        WriteCredentials(home, $$"""{"anthropicApiKey": "{{FileKey}}"}""", UnixFileMode.UserRead);

        Assert.NotNull(CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path)).Key);
    }

    [Fact]
    public void DirectoryWiderThan0700IsRefused()
    {
        using var home = new TempHome();
        WriteCredentials(home, $$"""{"anthropicApiKey": "{{FileKey}}"}""", Mode600,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path));

        Assert.Null(resolved.Key);
        Assert.Contains("has mode 0750, wider than 0700", resolved.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"anthropicApiKey\": \"sk-ant-api03-LEAKED", "is not valid JSON (line 1)")]
    [InlineData("{\"apiKey\": \"sk-ant-api03-LEAKED\"}", "has no \"anthropicApiKey\" string")]
    [InlineData("{\"anthropicApiKey\": 42}", "has no \"anthropicApiKey\" string")]
    [InlineData("[\"sk-ant-api03-LEAKED\"]", "has no \"anthropicApiKey\" string")]
    public void BrokenCredentialsFileIsRefusedWithoutQuotingIt(string content, string problem)
    {
        using var home = new TempHome();
        WriteCredentials(home, content, Mode600);

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path));

        Assert.Null(resolved.Key);
        Assert.True(resolved.Refused);
        Assert.Contains(problem, resolved.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAKED", resolved.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedFileMeansNotConfiguredWithTheReason()
    {
        using var home = new TempHome();
        WriteCredentials(home, $$"""{"anthropicApiKey": "{{FileKey}}"}""", Mode600 | UnixFileMode.OtherRead);
        using var reviewer = AiReviewer.Create(new AiReviewOptions(), Reviewers.Environment(key: null, home: home.Path));

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.False(reviewer.IsConfigured);
        Assert.Equal(ReviewFailureKind.NotConfigured, outcome.Failure);
        Assert.Contains("credentials file refused", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("AI review: off (credentials file refused", reviewer.Describe().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeyAnywhereSaysHowToConfigureOne()
    {
        using var home = new TempHome();

        var resolved = CredentialResolver.Resolve(Reviewers.Environment(key: null, home: home.Path));

        Assert.Null(resolved.Key);
        Assert.False(resolved.Refused);
        Assert.Contains("set ANTHROPIC_API_KEY", resolved.Source, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(home.Path, ".mstro", "credentials.json"), resolved.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk-ant-api03-abcdefghijklmnop-a1b2", "sk-ant-…a1b2")]
    [InlineData("sk-proj-abcdefghijklmnopqrstu9z8y", "sk-…9z8y")]
    [InlineData("some-proxy-token-0123456789", "…6789")]
    [InlineData("short-key", "…")]
    public void KeyShowsOnlyItsMaskedForm(string key, string masked)
    {
        var apiKey = new ApiKey(key);

        Assert.Equal(masked, apiKey.Masked);
        Assert.Equal(masked, apiKey.ToString());
        Assert.Equal(masked, $"{apiKey}");
        Assert.DoesNotContain(key, new ResolvedCredential(apiKey, "env").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentToStringDoesNotShowTheKey() =>
        Assert.DoesNotContain(Reviewers.Key, Reviewers.Environment().ToString(), StringComparison.Ordinal);
}
