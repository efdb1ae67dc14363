using System.Net;

namespace SyndicationFunctions.Push;

/// <summary>The checks every callback and endpoint URL passes before it is stored (the address is checked again on connect).</summary>
public static class CallbackUrl
{
    /// <summary>Why <paramref name="value"/> is refused (naming it <paramref name="field"/>), or null when it may be used.</summary>
    public static string? Problem(string? value, string field, bool allowPrivateNetwork)
    {
        if (value is null || !Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"{field} must be one absolute http(s) URL.";
        }

        if (value.Length > PushLimits.MaxCallbackLength)
        {
            return $"{field} is longer than {PushLimits.MaxCallbackLength} characters.";
        }

        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            return $"{field} must carry no user name, password or fragment.";
        }

        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address))
        {
            return CallbackAddressGuard.Refusal(address, allowPrivateNetwork) is { } why ? $"{field} points at {why}; this service does not connect there." : null;
        }

        if (!allowPrivateNetwork && (url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || !url.Host.Contains('.', StringComparison.Ordinal)))
        {
            return $"{field} must name a public host; this service does not connect to loopback or the local network.";
        }

        return null;
    }
}
