using System.ComponentModel.DataAnnotations;

namespace SyndicationFunctions.Push;

/// <summary>
/// The push settings, in the app's <c>Syndication</c> section (<c>Syndication__AllowPrivateNetworkCallbacks</c>...),
/// kept apart from <see cref="SyndicationOptions"/> so the feeds' settings stay readable.
/// </summary>
public sealed class PushOptions
{
    /// <summary>
    /// Lets the hub and webhooks connect to loopback, private and link-local addresses. For local development and
    /// tests only (run.sh and the tests turn it on; the Bicep leaves it off). Cloud metadata addresses stay refused.
    /// </summary>
    public bool AllowPrivateNetworkCallbacks { get; set; }

    /// <summary>
    /// Other WebSub hubs (comma-separated URLs, such as Superfeedr's) that every feed also advertises and that the
    /// app pings with <c>hub.mode=publish</c> on each change, for subscribers who use only those.
    /// </summary>
    [RegularExpression(@"^\s*(https?://[^\s,]+(\s*,\s*https?://[^\s,]+)*)?\s*$")]
    public string? ExternalHubs { get; set; }

    /// <summary>
    /// The shortest lease granted, in seconds (default 300). Shorter requests are raised to it: each renewal costs a
    /// verification round trip, and a minute-long lease would cost more in renewals than it saves.
    /// </summary>
    [Range(1, 86_400)]
    public int MinLeaseSeconds { get; set; } = 300;

    public IReadOnlyList<Uri> ExternalHubUris()
        => [.. (ExternalHubs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(hub => new Uri(hub))];
}
