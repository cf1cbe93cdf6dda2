using System.Text;
using Mstro.Hook.Bridge;

namespace Mstro.Server.Tests.Bridge;

/// <summary>The hook's minimal HTTP reader: a complete 2xx answer with a Content-Length gives its body; anything else
/// gives null (and the hook keeps its own verdict).</summary>
public sealed class LoopbackHttpClientTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", "{}")]
    [InlineData("HTTP/1.1 202 Accepted\r\ncontent-length:  2 \r\nX-Other: a:b\r\n\r\n{}", "{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "")]
    public void ACompleteSuccessGivesTheBody(string response, string body) =>
        Assert.Equal(body, Encoding.UTF8.GetString(LoopbackHttpClient.SuccessBody(Encoding.ASCII.GetBytes(response))!));

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")] // headers never end
    [InlineData("HTTP/1.1 500 Internal\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 302 Found\r\nLocation: http://evil.example/\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}")] // truncated
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{}")] // trailing bytes
    [InlineData("HTTP/1.1 200 OK\r\n\r\n{}")] // no length
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 2xx OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nbroken header line\r\nContent-Length: 2\r\n\r\n{}")]
    public void AnythingElseGivesNull(string response) =>
        Assert.Null(LoopbackHttpClient.SuccessBody(Encoding.ASCII.GetBytes(response)));
}
