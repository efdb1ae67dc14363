using System.Net;
using System.Net.Sockets;

namespace SyndicationFunctions.Push;

/// <summary>
/// Which addresses the hub and the webhooks may connect to. Checked on the address actually connected to (after
/// DNS), so a public name that resolves inside the network is refused too.
/// </summary>
public static class CallbackAddressGuard
{
    /// <summary>Cloud metadata services: refused always, whatever the development setting says.</summary>
    public static IReadOnlyList<IPAddress> MetadataAddresses { get; } = [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>Why a connection to <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivateNetwork)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (MetadataAddresses.Contains(address))
        {
            return "a cloud metadata address";
        }

        if (IsUnroutable(address))
        {
            return "not a unicast address";
        }

        if (!allowPrivateNetwork && IsInternal(address))
        {
            return "a loopback, private or link-local address";
        }

        return null;
    }

    private static bool IsUnroutable(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] >= 224; // "this network", multicast and reserved
        }

        return address.IsIPv6Multicast;
    }

    private static bool IsInternal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)                 // link-local
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)   // carrier-grade NAT
                || (b[0] == 192 && b[1] == 0 && b[2] == 0);      // IETF protocol assignments
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || (v6[0] & 0xFE) == 0xFC                            // unique local fc00::/7
            || (v6[0] == 0x20 && v6[1] == 0x02)                  // 6to4 can wrap any IPv4 address
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B); // NAT64 likewise
    }
}

/// <summary>The hub refused to connect to a callback's address.</summary>
public sealed class CallbackRefusedException(string host, string why)
    : Exception($"The callback host '{host}' resolves to {why}; the hub does not connect there.");
