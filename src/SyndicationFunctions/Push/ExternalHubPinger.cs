using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// Pings the external hubs of <see cref="PushOptions.ExternalHubs"/> (<c>hub.mode=publish</c>, <c>hub.url</c>) for each
/// changed feed. Topic URLs need the public base URL, so without <c>PublicBaseUrl</c> nothing is pinged. Best effort:
/// a hub that fails is logged, not retried (it polls the feed anyway).
/// </summary>
public sealed partial class ExternalHubPinger(CallbackHttp http, FeedFormats formats, IOptions<PushOptions> push, IOptions<SyndicationOptions> syndication, ILogger<ExternalHubPinger> logger)
{
    public async Task PingAsync(IEnumerable<FeedScope> feeds, CancellationToken cancellationToken)
    {
        var hubs = push.Value.ExternalHubUris();
        if (hubs.Count == 0 || syndication.Value.PublicBaseUrl is not { Length: > 0 } configured)
        {
            return;
        }

        var baseUri = new Uri(configured.TrimEnd('/') + "/");
        foreach (var hub in hubs)
        {
            foreach (var feed in feeds)
            {
                foreach (var format in formats.Names)
                {
                    var topic = new FeedTopic(feed, format, baseUri).Url.AbsoluteUri;
                    try
                    {
                        using var post = new HttpRequestMessage(HttpMethod.Post, hub)
                        {
                            Content = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", topic)]),
                        };
                        var answer = await http.SendAsync(post, cancellationToken).ConfigureAwait(false);
                        if (!answer.IsSuccess)
                        {
                            LogPingFailed(logger, hub, topic, $"HTTP {(int)answer.Status}");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
                    {
                        LogPingFailed(logger, hub, topic, ex.Message);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pinging hub {Hub} for {Topic} failed: {Failure}")]
    private static partial void LogPingFailed(ILogger logger, Uri hub, string topic, string failure);
}
