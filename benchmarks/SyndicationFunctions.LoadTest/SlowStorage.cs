using System.Diagnostics;
using Azure.Data.Tables;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// Its own Azurite with a <see cref="LatencyProxy"/> in front of each of its services (blob, queue, table), so
/// every storage call the app makes pays the latency. <see cref="ConnectionString"/> goes through the proxies;
/// <see cref="Azurite"/>'s own goes straight. With no latency there are no proxies and both are the same.
/// </summary>
public sealed class SlowStorage : IAsyncDisposable
{
    private readonly LatencyProxy[] _proxies;

    private SlowStorage(AzuriteProcess azurite, LatencyProxy[] proxies)
    {
        Azurite = azurite;
        _proxies = proxies;
        ConnectionString = proxies is [var blob, var queue, var table]
            ? azurite.ConnectionString
                .Replace($"127.0.0.1:{azurite.BlobPort}/", $"127.0.0.1:{blob.Port}/", StringComparison.Ordinal)
                .Replace($"127.0.0.1:{azurite.QueuePort}/", $"127.0.0.1:{queue.Port}/", StringComparison.Ordinal)
                .Replace($"127.0.0.1:{azurite.TablePort}/", $"127.0.0.1:{table.Port}/", StringComparison.Ordinal)
            : azurite.ConnectionString;
    }

    public AzuriteProcess Azurite { get; }

    public string ConnectionString { get; }

    public TimeSpan Latency => _proxies is [var first, ..] ? first.Latency : TimeSpan.Zero;

    public static async Task<SlowStorage> StartAsync(TimeSpan latency)
    {
        var azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
        var proxies = latency > TimeSpan.Zero
            ? new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Select(port => LatencyProxy.Start(port, latency)).ToArray()
            : [];
        return new SlowStorage(azurite, proxies);
    }

    /// <summary>
    /// The proof that the proxy adds what it says: the median of single point reads of one entity, straight to
    /// Azurite and through the proxy, interleaved (20 untimed, then <paramref name="samples"/> of each).
    /// </summary>
    public async Task<(double DirectMs, double ProxiedMs)> CalibrateAsync(int samples = 100)
    {
        var options = new TableClientOptions(StorageClients.TableServiceVersion);
        var direct = new TableClient(Azurite.ConnectionString, "calibration", options);
        var proxied = new TableClient(ConnectionString, "calibration", options);
        await direct.CreateIfNotExistsAsync().ConfigureAwait(false);
        await direct.UpsertEntityAsync(new TableEntity("p", "r") { ["Body"] = new string('x', 1000) }).ConfigureAwait(false);
        var times = new[] { new List<double>(), new List<double>() };
        for (var round = 0; round < samples + 20; round++)
        {
            foreach (var (client, i) in new[] { (direct, 0), (proxied, 1) })
            {
                var clock = Stopwatch.StartNew();
                await client.GetEntityAsync<TableEntity>("p", "r").ConfigureAwait(false);
                if (round >= 20)
                {
                    times[i].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        await direct.DeleteAsync().ConfigureAwait(false);
        return (Median(times[0]), Median(times[1]));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        await Azurite.DisposeAsync().ConfigureAwait(false);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
