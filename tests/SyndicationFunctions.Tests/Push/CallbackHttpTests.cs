using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Push;

namespace SyndicationFunctions.Tests.Push;

/// <summary>The guard applies to the address actually connected to: a name is resolved and each address checked.</summary>
public sealed class CallbackHttpTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _accepted;

    public CallbackHttpTests()
    {
        _listener.Start();
        _ = AnswerAsync();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task SendAsync_LoopbackSettingOff_RefusedWithoutConnecting(string host)
    {
        using var http = new CallbackHttp(Options.Create(new PushOptions { AllowPrivateNetworkCallbacks = false }));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{Port}/cb"), CancellationToken.None));

        Assert.IsType<CallbackRefusedException>(error.InnerException);
        Assert.Equal(0, Volatile.Read(ref _accepted));
    }

    [Fact]
    public async Task SendAsync_LoopbackSettingOn_Connects()
    {
        using var http = new CallbackHttp(Options.Create(new PushOptions { AllowPrivateNetworkCallbacks = true }));

        var answer = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{Port}/cb"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("challenge", System.Text.Encoding.ASCII.GetString(answer.Body));
    }

    [Fact]
    public async Task SendAsync_MetadataAddressSettingOn_Refused()
    {
        using var http = new CallbackHttp(Options.Create(new PushOptions { AllowPrivateNetworkCallbacks = true }));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://169.254.169.254/latest/meta-data"), CancellationToken.None));

        Assert.IsType<CallbackRefusedException>(error.InnerException);
    }

    public void Dispose() => _listener.Stop();

    private async Task AnswerAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _accepted);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nchallenge"u8.ToArray());
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }
}
