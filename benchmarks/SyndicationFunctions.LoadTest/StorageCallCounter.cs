using System.Diagnostics.Metrics;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// Counts the HTTP requests this process sends to Azurite. The Azure SDK sends through HttpClient, and every
/// HttpClient records one <c>http.client.request.duration</c> measurement (meter <c>System.Net.Http</c>) per
/// request, retries included, tagged with the server's port: no product code needs a hook for it.
/// </summary>
public sealed class StorageCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Func<int, bool> _isStoragePort;
    private long _count;

    public StorageCallCounter(Func<int, bool> isStoragePort)
    {
        _isStoragePort = isStoragePort;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port && _isStoragePort(port))
                {
                    Interlocked.Increment(ref _count);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>How many storage requests <paramref name="action"/> caused.</summary>
    public async Task<long> CountAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = Count;
        await action().ConfigureAwait(false);
        return Count - before;
    }

    public void Dispose() => _listener.Dispose();
}
