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
    /// Sends <paramref name="warmup"/> untimed requests, then up to <paramref name="samples"/> timed ones, one after another,
    /// stopping early at <paramref name="budget"/>. Throws when a timed request does not answer <paramref name="expected"/>.
    /// </summary>
    public static async Task<LatencyResult> LatencyAsync(
        int warmup, int samples, TimeSpan budget, HttpStatusCode expected, Func<Task<HttpStatusCode>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        for (var i = 0; i < warmup; i++)
        {
            await send().ConfigureAwait(false);
        }

        var timings = new List<double>(samples);
        var overall = Stopwatch.StartNew();
        while (timings.Count < samples && overall.Elapsed < budget)
        {
            var one = Stopwatch.StartNew();
            var status = await send().ConfigureAwait(false);
            one.Stop();
            if (status != expected)
            {
                throw new InvalidOperationException($"Expected {(int)expected}, got {(int)status} while timing requests.");
            }

            timings.Add(one.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        return new LatencyResult(timings.Count, Percentile(timings, 0.5), Percentile(timings, 0.95), timings.Average());
    }

    private static double Percentile(List<double> sorted, double fraction)
        => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
