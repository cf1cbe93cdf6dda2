using System.Net;
using System.Net.WebSockets;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Security;

/// <summary>DNS rebinding and cross-origin requests are refused before anything else, whatever token they carry.</summary>
public sealed class LoopbackGuardTests
{
    public static TheoryData<string> ForeignHosts => new()
    {
        "evil.example:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "192.168.1.10:{port}",
        "127.0.0.1:{otherPort}",
        "localhost",
    };

    [Theory]
    [MemberData(nameof(ForeignHosts))]
    public async Task AForeignHostGets403EvenWithTheToken(string host)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();
        var hostHeader = host.Replace("{port}", server.Port.ToString(), StringComparison.Ordinal)
            .Replace("{otherPort}", (server.Port == 65535 ? 1 : server.Port + 1).ToString(), StringComparison.Ordinal);

        foreach (var (method, path) in new[] { ("GET", "/health"), ("POST", "/api/hook"), ("GET", "/ws"), ("GET", "/nowhere") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = RunningServer.Json(Payloads.HookRequest()) };
            request.Headers.Host = hostHeader;
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with Host {hostHeader}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("[::1]")]
    public async Task LoopbackHostNamesWithTheRightPortAreAccepted(string name)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = $"{name}:{server.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example:{port}")]
    [InlineData("http://localhost:{otherPort}")]
    [InlineData("https://localhost:{port}")]
    [InlineData("null")]
    public async Task AForeignOriginGets403EvenWithTheToken(string origin)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();
        var originHeader = origin.Replace("{port}", server.Port.ToString(), StringComparison.Ordinal)
            .Replace("{otherPort}", (server.Port + 1).ToString(), StringComparison.Ordinal);

        foreach (var (method, path) in new[] { ("GET", "/health"), ("POST", "/api/hook"), ("OPTIONS", "/api/hook") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = RunningServer.Json(Payloads.HookRequest()) };
            request.Headers.Add("Origin", originHeader);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with Origin {originHeader}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("http://localhost:{port}")]
    [InlineData("http://127.0.0.1:{port}")]
    public async Task TheServersOwnOriginsAreAccepted(string origin)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hook") { Content = RunningServer.Json(Payloads.HookRequest()) };
        request.Headers.Add("Origin", origin.Replace("{port}", server.Port.ToString(), StringComparison.Ordinal));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheWebSocketUpgradeWithAForeignOriginIsRefusedWith403()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task TheWebSocketUpgradeWithAForeignHostIsRefusedWith403()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Host", $"evil.example:{server.Port}");

        await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync(server.WebSocketUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }
}
