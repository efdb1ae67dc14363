using System.Net;
using System.Net.Sockets;
using SyndicationFunctions.LoadTest;

namespace SyndicationFunctions.LocalHost.Tests.LoadTest;

/// <summary>
/// The load test's latency proxy (benchmarks/SyndicationFunctions.LoadTest) must forward every byte, in order, both
/// ways, over one kept-alive connection, or the write benchmark would measure a broken network. How long it delays is
/// measured by the benchmark itself (its calibration row), not asserted here.
/// </summary>
public sealed class LatencyProxyTests
{
    [Fact]
    public async Task Forward_ManyExchangesOnOneConnection_EveryByteBackInOrder()
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var echo = EchoOnceAsync(upstream);
        await using var proxy = LatencyProxy.Start(((IPEndPoint)upstream.LocalEndpoint).Port, TimeSpan.FromMilliseconds(2));

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        var stream = client.GetStream();
        foreach (var size in new[] { 1, 100, 70_000, 300_000, 5 })
        {
            var sent = Enumerable.Range(0, size).Select(i => (byte)(i * 31 + size)).ToArray();
            await stream.WriteAsync(sent);
            var received = new byte[size];
            await stream.ReadExactlyAsync(received);
            Assert.Equal(sent, received);
        }

        client.Close();
        Assert.Equal(1, proxy.Connections);
        Assert.Equal(300_000 + 70_000 + 100 + 5 + 1, await echo.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Accepts one connection and writes back whatever it reads until the other side closes; answers the bytes echoed.</summary>
    private static async Task<long> EchoOnceAsync(TcpListener listener)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read));
            total += read;
        }

        return total;
    }
}
