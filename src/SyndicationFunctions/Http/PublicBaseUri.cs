using System.Net;
using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.Http;

/// <summary>
/// The base of every absolute URL the app writes: <see cref="SyndicationOptions.PublicBaseUrl"/>, else the
/// request's own scheme and host when that host is trusted (loopback, or listed in
/// <see cref="SyndicationOptions.AllowedHosts"/>). Any other host is refused (<see cref="UntrustedHostException"/>,
/// a 421): feeds are cacheable, and one request must not put its own host into what a cache serves everyone.
/// </summary>
public static class PublicBaseUri
{
    public static Uri Of(HttpRequest request, SyndicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicBaseUrl is { Length: > 0 } configured)
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        var host = request.Host.Host;
        if (!IsTrusted(host, options.AllowedHosts) || !Uri.TryCreate($"{request.Scheme}://{request.Host.Value}/", UriKind.Absolute, out var own))
        {
            throw new UntrustedHostException(request.Host.Value ?? "");
        }

        return own;
    }

    public static bool IsTrusted(string? host, string? allowedHosts)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        // RFC 6761: "localhost" and every name under it are the loopback interface.
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        return (allowedHosts ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(allowed => string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A request for a host the app may not write links for (421 Misdirected Request).</summary>
public sealed class UntrustedHostException(string host)
    : Exception($"This service does not answer for the host '{host}'. Set Syndication__PublicBaseUrl, or list the host in Syndication__AllowedHosts.")
{
    public string Host { get; } = host;
}
