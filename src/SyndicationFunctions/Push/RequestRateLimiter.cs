using System.Collections.Concurrent;

namespace SyndicationFunctions.Push;

/// <summary>
/// Requests per key per minute, counted in fixed one-minute windows on this instance. Coarse on purpose: it stops
/// one client or one callback host from flooding the hub, and each instance holds at most <see cref="MaxKeys"/> keys.
/// </summary>
public sealed class RequestRateLimiter(TimeProvider time)
{
    public const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, (long Window, int Count)> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one request for <paramref name="key"/>; false when it is over <paramref name="perMinute"/>.</summary>
    public bool TryAcquire(string key, int perMinute)
    {
        var window = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (_counts.Count >= MaxKeys)
        {
            _counts.Clear();
        }

        var updated = _counts.AddOrUpdate(key, (window, 1), (_, current) => current.Window == window ? (window, current.Count + 1) : (window, 1));
        return updated.Count <= perMinute;
    }
}
