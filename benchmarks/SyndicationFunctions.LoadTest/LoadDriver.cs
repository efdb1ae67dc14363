using System.Diagnostics;
using System.Net;

namespace SyndicationFunctions.LoadTest;

/// <summary>Requests per second with a fixed number of requests in flight, bounded by time and by count.</summary>
public sealed record ThroughputResult(long Succeeded, long Failed, TimeSpan Elapsed)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>Latency of one request at a time, so storage and app time are not hidden behind queuing.</summary>
public sealed record LatencyResult(int Samples, double MedianMs, double P95Ms, double MeanMs);

public static class LoadDriver
{
    /// <summary>
    /// Runs <paramref name="concurrency"/> loops that each send <paramref name="send"/> until <paramref name="duration"/>
    /// passes or <paramref name="maxRequests"/> have been sent; a request counts when its status is <paramref name="expected"/>.
    /// </summary>
    public static async Task<ThroughputResult> RunAsync(
        int concurrency, TimeSpan duration, long maxRequests, HttpStatusCode expected, Func<long, Task<HttpStatusCode>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        long issued = 0, succeeded = 0, failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var number = Interlocked.Increment(ref issued);
                if (number > maxRequests)
                {
                    return;
                }

                HttpStatusCode status;
                try
                {
                    status = await send(number).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                Interlocked.Increment(ref status == expected ? ref succeeded : ref failed);
            }
        });
        await Task.WhenAll(loops).ConfigureAwait(false);
        return new ThroughputResult(succeeded, failed, stopwatch.Elapsed);
    }

    /// <summary>
    /// Sends <paramref name="warmup"/> untimed rounds, then up to <paramref name="samples"/> timed ones, one request at a time,
    /// each round sending every one of <paramref name="senders"/> in turn, stopping early at <paramref name="budget"/>.
    /// Throws when a timed request does not answer <paramref name="expected"/>. One result per sender.
    /// </summary>
    public static async Task<IReadOnlyList<LatencyResult>> LatencyAsync(
        int warmup, int samples, TimeSpan budget, HttpStatusCode expected, IReadOnlyList<Func<Task<HttpStatusCode>>> senders)
    {
        ArgumentNullException.ThrowIfNull(senders);
        for (var i = 0; i < warmup; i++)
        {
            foreach (var send in senders)
            {
                await send().ConfigureAwait(false);
            }
        }

        var timings = senders.Select(_ => new List<double>(samples)).ToList();
        var overall = Stopwatch.StartNew();
        for (var round = 0; round < samples && overall.Elapsed < budget; round++)
        {
            for (var s = 0; s < senders.Count; s++)
            {
                var one = Stopwatch.StartNew();
                var status = await senders[s]().ConfigureAwait(false);
                one.Stop();
                if (status != expected)
                {
                    throw new InvalidOperationException($"Expected {(int)expected}, got {(int)status} while timing requests.");
                }

                timings[s].Add(one.Elapsed.TotalMilliseconds);
            }
        }

        return timings.Select(t =>
        {
            t.Sort();
            return new LatencyResult(t.Count, Percentile(t, 0.5), Percentile(t, 0.95), t.Average());
        }).ToList();
    }

    private static double Percentile(List<double> sorted, double fraction)
        => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
