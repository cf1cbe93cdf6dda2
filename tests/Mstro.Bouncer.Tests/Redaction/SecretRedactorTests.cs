using System.Diagnostics;
using Mstro.Bouncer.Redaction;

namespace Mstro.Bouncer.Tests.Redaction;

public class SecretRedactorTests
{
    [Theory]
    // Authorization and other credential headers
    [InlineData("curl -H \"Authorization: Bearer abc.def.ghi\" https://x", "curl -H \"Authorization: [REDACTED]\" https://x")]
    [InlineData("curl -H 'authorization:token ghp_x' u", "curl -H 'authorization:[REDACTED]' u")]
    [InlineData("curl -H 'Proxy-Authorization: Basic dXNlcjpw' u", "curl -H 'Proxy-Authorization: [REDACTED]' u")]
    [InlineData("curl -H 'x-api-key: sk-ant-abc' -H 'Cookie: sid=42' u", "curl -H 'x-api-key: [REDACTED]' -H 'Cookie: [REDACTED]' u")]
    [InlineData("curl -H 'PRIVATE-TOKEN: glxyz' u", "curl -H 'PRIVATE-TOKEN: [REDACTED]' u")]
    // Bearer / Basic outside a header
    [InlineData("curl --oauth2-bearer eyJhbGciOi.J9.sig https://x", "curl --oauth2-bearer [REDACTED] https://x")]
    [InlineData("Bearer AbCdEfGhIjKl", "Bearer [REDACTED]")]
    [InlineData("basic dXNlcjpwYXNzd29yZA==", "basic [REDACTED]")]
    // name=value secrets
    [InlineData("mysql --password=hunter2 db", "mysql --password=[REDACTED] db")]
    [InlineData("export GITHUB_TOKEN=abc123 && gh pr list", "export GITHUB_TOKEN=[REDACTED] && gh pr list")]
    [InlineData("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG aws s3 ls", "AWS_SECRET_ACCESS_KEY=[REDACTED] aws s3 ls")]
    [InlineData("curl 'https://x/y?access_token=abc&page=2'", "curl 'https://x/y?access_token=[REDACTED]&page=2'")]
    [InlineData("curl https://x/y?api_key=k1&secret=s2", "curl https://x/y?api_key=[REDACTED]&secret=[REDACTED]")]
    [InlineData("PGPASSWORD='pa ss' psql", "PGPASSWORD='[REDACTED]' psql")]
    [InlineData("echo '{\"password\": \"p4ss\", \"user\": \"bob\"}'", "echo '{\"password\": \"[REDACTED]\", \"user\": \"bob\"}'")]
    [InlineData("client_secret: abcdef", "client_secret: [REDACTED]")]
    [InlineData("apiKey=xyz789", "apiKey=[REDACTED]")]
    [InlineData("npm config set //registry.npmjs.org/:_authToken=tok123", "npm config set //registry.npmjs.org/:_authToken=[REDACTED]")]
    // --option value secrets
    [InlineData("vault login --token s.abcdef", "vault login --token [REDACTED]")]
    [InlineData("tool --api-key 'k e y' run", "tool --api-key '[REDACTED]' run")]
    // known token formats
    [InlineData("echo AKIAIOSFODNN7EXAMPLE", "echo AKIA[REDACTED]")]
    [InlineData("git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r", "git clone https://ghp_[REDACTED]@github.com/o/r")]
    [InlineData("gh auth login --with-token github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "gh auth login --with-token github_pat_[REDACTED]")]
    [InlineData("ANTHROPIC=sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "ANTHROPIC=sk-[REDACTED]")]
    [InlineData("openai sk-proj-abcdefghijklmnopqrstuvwx", "openai sk-[REDACTED]")]
    [InlineData("slack xoxb-123456789012-abcdefghij", "slack xoxb-[REDACTED]")]
    [InlineData("glpat-abcdefghijklmnopqrst1", "glpat-[REDACTED]")]
    // private keys
    [InlineData("printf '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\n' > k",
        "printf '-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]-----END OPENSSH PRIVATE KEY-----\n' > k")]
    [InlineData("cat <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow", "cat <<EOF\n-----BEGIN RSA PRIVATE KEY-----[REDACTED]")]
    // credentials in URLs
    [InlineData("git remote add o https://bob:s3cret@gitlab.com/r.git", "git remote add o https://bob:[REDACTED]@gitlab.com/r.git")]
    [InlineData("psql postgres://app:pw@db:5432/x", "psql postgres://app:[REDACTED]@db:5432/x")]
    [InlineData("git push https://x-access-token:abc@github.com/o/r", "git push https://x-access-token:[REDACTED]@github.com/o/r")]
    // program-specific passwords
    [InlineData("mysql -u root -ps3cret -h db", "mysql -u root -p[REDACTED] -h db")]
    [InlineData("mysqldump -pPassw0rd db > d.sql", "mysqldump -p[REDACTED] db > d.sql")]
    [InlineData("sshpass -p hunter2 ssh host", "sshpass -p [REDACTED] ssh host")]
    [InlineData("curl -u alice:wonderland https://x", "curl -u alice:[REDACTED] https://x")]
    [InlineData("curl --user alice:wonder https://x", "curl --user alice:[REDACTED] https://x")]
    // a secret glued to a token an earlier pass redacted does not survive
    [InlineData("password=abc-sk-abcdefghijklmnopqrstuvwxyz", "password=[REDACTED][REDACTED]")]
    [InlineData("curl -H 'Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789' u", "curl -H 'Authorization: [REDACTED]' u")]
    [InlineData("GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB_TOKEN=ghp_[REDACTED]")]
    [InlineData("fetch(u, {headers: {\"Authorization\": \"Bearer abc\"}})", "fetch(u, {headers: {\"Authorization\": \"[REDACTED]\"}})")]
    public void SecretsAreRedacted(string input, string expected) => Assert.Equal(expected, SecretRedactor.Redact(input));

    [Theory]
    [InlineData("npm test")]
    [InlineData("dotnet build -c Release && dotnet test --no-build")]
    [InlineData("git commit -m \"fix token parsing in the lexer\"")]
    [InlineData("git push -u origin feature/password-reset")]
    [InlineData("git push -u origin main:main")]
    [InlineData("rm -rf ./bin ./obj")]
    [InlineData("curl -fsSL https://example.com/install.sh")]
    [InlineData("python train.py --max_tokens=512 --tokenizer=bpe")]
    [InlineData("cat README.md | grep -i 'basic usage'")]
    [InlineData("echo \"Bearer of bad news\"")]
    [InlineData("ssh git@github.com")]
    [InlineData("docker run -p 8080:80 nginx")]
    [InlineData("mysql -u root -p db")]
    [InlineData("ls -p /tmp")]
    [InlineData("export DB_PASSWORD=$SECRET_FROM_VAULT")]
    [InlineData("curl -H \"Authorization: Bearer $TOKEN\" https://x")]
    [InlineData("psql postgres://app@db/x")]
    [InlineData("task-runner --skip-tests risk-assessment")]
    [InlineData("kubectl get secrets")]
    [InlineData("echo 'password reset flow' > notes.txt")]
    [InlineData("")]
    [InlineData("日本語のテキスト and émojis 🎉")]
    public void OrdinaryTextIsUntouched(string input) => Assert.Equal(input, SecretRedactor.Redact(input));

    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("password")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("access_token")]
    [InlineData("clientSecret")]
    [InlineData("api-key")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("private_key")]
    [InlineData("--passphrase")]
    public void SecretNamesAreRecognised(string name) => Assert.True(SecretRedactor.IsSecretName(name));

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("tokenizer")]
    [InlineData("key")]
    [InlineData("sort_key")]
    [InlineData("secretsmanager")]
    [InlineData("user")]
    [InlineData("")]
    public void OtherNamesAreNot(string name) => Assert.False(SecretRedactor.IsSecretName(name));

    [Fact]
    public void SeveralSecretsInOneCommandAreAllRedacted()
    {
        var command = "PGPASSWORD=a1 psql postgres://u:p2@h/db -c 'select 1' && curl -H 'Authorization: Bearer t3' https://x?token=t4 && echo ghp_abcdefghijklmnopqrstuvwxyz0123456789";

        var redacted = SecretRedactor.Redact(command);

        foreach (var secret in new[] { "a1", "p2", "t3", "t4", "abcdefghijklmnopqrstuvwxyz0123456789" })
            Assert.DoesNotContain(secret, redacted.Replace("[REDACTED]", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("psql", redacted, StringComparison.Ordinal);
        Assert.Contains("select 1", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactingIsIdempotent()
    {
        var once = SecretRedactor.Redact("curl -u a:b -H 'Authorization: Bearer xyz123456' https://u:p@h/?token=z --password q");

        Assert.Equal(once, SecretRedactor.Redact(once));
    }

    [Theory]
    [InlineData("password=\"")]
    [InlineData("Authorization: ")]
    [InlineData("https://")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("--token ")]
    [InlineData("a=b:c=\"d")]
    [InlineData("bearer ")]
    public void PathologicalShortInputsDoNotThrow(string input) => Assert.NotNull(SecretRedactor.Redact(input));

    [Theory]
    [InlineData("password=\"a ")]
    [InlineData("Authorization: x")]
    [InlineData("https://a:b@")]
    [InlineData("-----BEGIN ")]
    [InlineData("--token ")]
    [InlineData("x=")]
    [InlineData(" -p")]
    [InlineData("Bearer ")]
    [InlineData("ghp_")]
    public void WorkStaysLinearOnAdversarialRepetition(string unit)
    {
        // 200 KB of a repeated fragment that starts a match on every repetition: a quadratic scanner would take
        // seconds here. Measured as a bound, not a benchmark: generous enough for a loaded machine.
        var input = "mysql curl sshpass " + string.Concat(Enumerable.Repeat(unit, 200_000 / unit.Length));

        var watch = Stopwatch.StartNew();
        SecretRedactor.Redact(input);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{unit}: {watch.Elapsed}");
    }
    private static readonly string[] TokenPrefixes =
        ["AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk-", "xoxa-", "xoxb-", "xoxe-",
         "xoxp-", "xoxr-", "xoxs-", "AIza", "npm_", "hf_", "sk_live_", "rk_live_"];

    /// <summary>The one-pass prefix check says yes exactly when some token prefix occurs in the text: every prefix alone,
    /// and 30,000 random texts made of prefix pieces, near misses and filler.</summary>
    [Fact]
    public void FindsATokenPrefixExactlyWhenOneOccurs()
    {
        foreach (var prefix in TokenPrefixes)
        {
            Assert.True(SecretRedactor.MayHoldKnownToken(prefix));
            Assert.True(SecretRedactor.MayHoldKnownToken("x/" + prefix + "Z"));
            Assert.False(SecretRedactor.MayHoldKnownToken(prefix.AsSpan(0, prefix.Length - 1)));
        }

        string[] pieces = ["A", "AK", "AKI", "AS", "ASI", "AI", "AIz", "g", "gh", "gi", "git", "github_pa", "gl", "glpat",
            "s", "sk", "sk_", "sk_liv", "r", "rk", "rk_live", "x", "xo", "xox", "xoxz-", "n", "np", "npm", "h", "hf", "_",
            "-", "/", "a", "Z", "0", "https://", "?q=", " ", "é", "AKIA", "ghp_", "xoxb-", "sk-", "hf_", "npm_"];
        var random = new Random(20261126);
        var found = 0;
        for (var n = 0; n < 30_000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            var expected = TokenPrefixes.Any(p => text.Contains(p, StringComparison.Ordinal));
            Assert.Equal(expected, SecretRedactor.MayHoldKnownToken(text));
            if (expected) found++;
        }
        Assert.True(found > 1_000);
    }
}
