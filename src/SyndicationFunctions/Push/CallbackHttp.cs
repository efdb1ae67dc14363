using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SyndicationFunctions.Push;

/// <summary>
/// The one HTTP client that calls subscribers and partner endpoints: it resolves each host itself and connects
/// only to an address <see cref="CallbackAddressGuard"/> allows, follows no redirects, times out, and reads at most
/// <see cref="PushLimits.MaxResponseBytes"/> of an answer.
/// </summary>
public sealed class CallbackHttp : IDisposable
{
    private readonly HttpClient _client;

    public CallbackHttp(IOptions<PushOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowPrivate = options.Value.AllowPrivateNetworkCallbacks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = PushLimits.MaxRedirects > 0,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 16,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = PushLimits.CallbackTimeout };
    }

    /// <summary>Sends <paramref name="request"/>; the answer's body is read up to the limit (more is cut off, not an error).</summary>
    public async Task<CallbackAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[PushLimits.MaxResponseBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return new CallbackAnswer(response.StatusCode, buffer[..read]);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (CallbackAddressGuard.Refusal(address, allowPrivate) is { } why)
            {
                refusal ??= why;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // Connect to the very address checked, never the name again: no second resolution to rebind.
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        throw refusal is not null
            ? new CallbackRefusedException(endPoint.Host, refusal)
            : new HttpRequestException($"Could not connect to {endPoint.Host}:{endPoint.Port}.");
    }
}

public sealed record CallbackAnswer(HttpStatusCode Status, byte[] Body)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}
