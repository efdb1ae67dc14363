using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of one storage port that makes every request travel a slower network: what
/// the client sends reaches the server <see cref="Latency"/> later (a one-way delay line, so a request of several
/// packets is late once, not once per packet), and the answer comes straight back. A request then costs about
/// <see cref="Latency"/> more, as a round trip to Azure Storage from an instance would. Keep-alive connections
/// work unchanged; bytes are never reordered.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private readonly long _latencyTimestamps;
    private long _accepted;

    private LatencyProxy(IPEndPoint upstream, TimeSpan latency)
    {
        _upstream = upstream;
        Latency = latency;
        _latencyTimestamps = (long)(latency.TotalSeconds * Stopwatch.Frequency);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public TimeSpan Latency { get; }

    /// <summary>The port clients connect to instead of the upstream's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public long Connections => Interlocked.Read(ref _accepted);

    /// <summary>Listens on a free loopback port and forwards to <paramref name="upstreamPort"/> on 127.0.0.1.</summary>
    public static LatencyProxy Start(int upstreamPort, TimeSpan latency) => new(new IPEndPoint(IPAddress.Loopback, upstreamPort), latency);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            var connection = ServeAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    /// <summary>One client connection: its own upstream connection, a delay line one way and a plain copy the other.</summary>
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        using (var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(_upstream, done.Token).ConfigureAwait(false);
                var toServer = DelayAsync(client.GetStream(), server.GetStream(), done.Token);
                var toClient = CopyAsync(server.GetStream(), client.GetStream(), done.Token);

                // Either side closing ends the connection, as it would end a direct one.
                await Task.WhenAny(toServer, toClient).ConfigureAwait(false);
                await done.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(toServer, toClient).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // A connection that broke or was stopped: the client sees it closed, as it would without the proxy.
            }
        }
    }

    /// <summary>Reads as bytes arrive and writes each chunk <see cref="Latency"/> after it arrived, in order.</summary>
    private async Task DelayAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var line = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in line.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                await to.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                line.Writer.TryWrite((Stopwatch.GetTimestamp() + _latencyTimestamps, buffer[..read]));
            }
        }
        finally
        {
            line.Writer.TryComplete();
        }

        // What was read before the client closed still reaches the server, on time.
        await writer.ConfigureAwait(false);
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
        => await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
}
