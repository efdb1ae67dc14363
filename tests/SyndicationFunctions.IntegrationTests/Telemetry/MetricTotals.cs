using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.IntegrationTests.Telemetry;

/// <summary>The app's measurements taken while it lives (as an exporter would see them), summed by name and tags.</summary>
public sealed class MetricTotals : IDisposable
{
    private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, string?> Tags)> _measured = new();
    private readonly MeterListener _listener = new();

    public MetricTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SyndicationMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var named = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value?.ToString();
            }

            _measured.Enqueue((instrument.Name, value, named));
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="name"/>'s measurements that carry every one of <paramref name="tags"/> ("key=value").</summary>
    public long Total(string name, params string[] tags)
        => _measured.Where(m => m.Name == name && tags.All(tag => tag.Split('=', 2) is [var key, var value] && m.Tags.GetValueOrDefault(key) == value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
