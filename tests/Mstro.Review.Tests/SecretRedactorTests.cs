using Mstro.Review.Redaction;

namespace Mstro.Review.Tests;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("curl -H \"Authorization: Bearer abc.def.ghi123\" https://x", "curl -H \"Authorization: [REDACTED]\" https://x")]
    [InlineData("curl -H 'authorization:Basic dXNlcjpwYXNz' x", "curl -H 'authorization:[REDACTED]' x")]
    [InlineData("Proxy-Authorization: Negotiate YIIabc\nnext", "Proxy-Authorization: [REDACTED]\nnext")]
    [InlineData("-H \"x-api-key: sk-ant-api03-abcdefghijklmnopqrstu\"", "-H \"x-api-key: [REDACTED]\"")]
    [InlineData("token is Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "token is Bearer [REDACTED]")]
    [InlineData("export ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstu", "export ANTHROPIC_API_KEY=[REDACTED]")]
    [InlineData("key sk-ant-api03-abcdefghijklmnopqrstuvwx here", "key sk-[REDACTED] here")]
    [InlineData("OPENAI=sk-proj-abcdefghijklmnopqrstuvwx", "OPENAI=sk-[REDACTED]")]
    [InlineData("git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r", "git clone https://ghp_[REDACTED]@github.com/o/r")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_pat_[REDACTED]")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE ok", "aws AKIA[REDACTED] ok")]
    [InlineData("ASIAIOSFODNN7EXAMPLE", "ASIA[REDACTED]")]
    [InlineData("slack xoxb-1234567890-abcdefghij", "slack xoxb-[REDACTED]")]
    [InlineData("glpat-abcdefghijklmnopqrst12", "glpat-[REDACTED]")]
    [InlineData("psql postgres://admin:hunter2@db:5432/app", "psql postgres://admin:[REDACTED]@db:5432/app")]
    [InlineData("https://user:p%40ss@host/path", "https://user:[REDACTED]@host/path")]
    [InlineData("DB_PASSWORD=\"correct horse battery\" ./run", "DB_PASSWORD=\"[REDACTED]\" ./run")]
    [InlineData("{\"password\": \"hunter2\", \"user\": \"bob\"}", "{\"password\": \"[REDACTED]\", \"user\": \"bob\"}")]
    [InlineData("--client-secret=abc123 --verbose", "--client-secret=[REDACTED] --verbose")]
    [InlineData("GITHUB_TOKEN: 'tok_123'", "GITHUB_TOKEN: '[REDACTED]'")]
    [InlineData("a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\nz", "a\n[REDACTED PRIVATE KEY]\nz")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIE never ends", "[REDACTED PRIVATE KEY]")]
    public void RedactsSecrets(string input, string expected) => Assert.Equal(expected, SecretRedactor.Redact(input));

    [Theory]
    [InlineData("dotnet test tests/Mstro.Review.Tests --filter Cache")]
    [InlineData("git push origin feature/token-refresh")]
    [InlineData("rm -rf ./bin ./obj && dotnet build -c Release")]
    [InlineData("curl https://example.com/api?q=1 -o out.json")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")]
    [InlineData("ssh -i ~/.ssh/id_ed25519 user@host")]
    [InlineData("task-list sk-short")]
    [InlineData("The password field is required.")]
    [InlineData("")]
    public void LeavesOrdinaryTextAlone(string input) => Assert.Same(input, SecretRedactor.Redact(input));

    [Fact]
    public void LargeAdversarialInputsAreHandledInOnePass()
    {
        // Shapes that make a backtracking pattern explode: long runs of near-matches.
        string[] inputs =
        [
            string.Concat(Enumerable.Repeat("PASSWORD", 20_000)),
            string.Concat(Enumerable.Repeat("a://b:c", 20_000)),
            string.Concat(Enumerable.Repeat("-----BEGIN ", 20_000)),
            string.Concat(Enumerable.Repeat("Bearer ", 20_000)),
            string.Concat(Enumerable.Repeat("TOKEN= ", 20_000)),
            new string('x', 1_000_000),
        ];

        foreach (var input in inputs)
        {
            var output = SecretRedactor.Redact(input);
            // Each mask replaces a value that follows a name of at least four characters: growth is bounded.
            Assert.True(output.Length <= (3 * input.Length) + 64, $"{output.Length} characters out of {input.Length}");
        }
    }
}
