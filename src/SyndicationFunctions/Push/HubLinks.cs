using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SyndicationFunctions.Push;

/// <summary>What every feed advertises: this app's hub (and any external ones) and the feed's topic URL.</summary>
public sealed class HubLinks(IOptions<PushOptions> options)
{
    /// <summary>The hubs for a feed served from <paramref name="baseUri"/>: this app's own first.</summary>
    public IReadOnlyList<Uri> HubsFor(Uri baseUri)
        => [new Uri(baseUri, FeedTopic.HubPath), .. options.Value.ExternalHubUris()];

    /// <summary>The RFC 8288 <c>Link</c> value: every hub, then the topic as <c>rel="self"</c>.</summary>
    public string LinkHeader(FeedTopic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var hubs = HubsFor(topic.BaseUri).Select(hub => $"<{hub.AbsoluteUri}>; rel=\"hub\"");
        return string.Join(", ", hubs.Append($"<{topic.Url.AbsoluteUri}>; rel=\"self\""));
    }

    public void AddTo(HttpResponse response, FeedTopic topic)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Append("Link", LinkHeader(topic));
    }
}
