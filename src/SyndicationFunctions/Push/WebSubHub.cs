using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>What the hub answers a subscriber's request: 202 (verification follows), or a 4xx saying why not.</summary>
public sealed record HubAnswer(int Status, string? Title = null, string? Detail = null)
{
    public static readonly HubAnswer Accepted = new(202);

    public static HubAnswer BadRequest(string detail) => new(400, "The subscription request is not valid.", detail);
}

/// <summary>
/// W3C WebSub section 5: checks a subscribe or unsubscribe request at once (unknown topics and sections, bad callbacks,
/// bounds and rates are refused with a 4xx) and queues the verification of intent, which the subscriber confirms.
/// </summary>
public sealed class WebSubHub(
    FeedFormats formats,
    IArticleStore store,
    SubscriptionStore subscriptions,
    PushQueues queues,
    RequestRateLimiter rates,
    IOptions<SyndicationOptions> syndication,
    IOptions<PushOptions> push)
{
    public async Task<HubAnswer> HandleAsync(string form, string? clientAddress, CancellationToken cancellationToken)
    {
        var fields = QueryHelpers.ParseQuery(form);
        string? Field(string name) => fields.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

        var mode = Field("hub.mode");
        if (mode is "publish")
        {
            return HubAnswer.BadRequest("This hub publishes this service's own feeds by itself; it takes no publish pings.");
        }

        if (mode is not ("subscribe" or "unsubscribe"))
        {
            return HubAnswer.BadRequest("hub.mode must be 'subscribe' or 'unsubscribe' (given once).");
        }

        if (!rates.TryAcquire("client:" + (clientAddress ?? "unknown"), PushLimits.HubRequestsPerClientPerMinute))
        {
            return new HubAnswer(429, "Too many requests.", $"At most {PushLimits.HubRequestsPerClientPerMinute} hub requests a minute from one address; retry in a minute.");
        }

        if (CheckCallback(Field("hub.callback")) is { } callbackProblem)
        {
            return HubAnswer.BadRequest(callbackProblem);
        }

        var callback = new Uri(Field("hub.callback")!);
        if (!FeedTopic.TryParse(Field("hub.topic"), syndication.Value, formats, out var topic, out var why))
        {
            return HubAnswer.BadRequest(why);
        }

        if (!rates.TryAcquire("callback:" + callback.Host.ToLowerInvariant(), PushLimits.HubRequestsPerCallbackHostPerMinute))
        {
            return new HubAnswer(429, "Too many requests.", $"At most {PushLimits.HubRequestsPerCallbackHostPerMinute} hub requests a minute for one callback host; retry in a minute.");
        }

        var lease = PushLimits.DefaultLeaseSeconds;
        if (Field("hub.lease_seconds") is { } leaseText)
        {
            if (!int.TryParse(leaseText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out lease) || lease < 1)
            {
                return HubAnswer.BadRequest("hub.lease_seconds must be a whole number of seconds.");
            }

            lease = Math.Clamp(lease, push.Value.MinLeaseSeconds, PushLimits.MaxLeaseSeconds);
        }

        var secret = Field("hub.secret");
        if (secret is not null && (secret.Length == 0 || Encoding.UTF8.GetByteCount(secret) > PushLimits.MaxSecretBytes))
        {
            return HubAnswer.BadRequest($"hub.secret must be 1 to {PushLimits.MaxSecretBytes} bytes.");
        }

        if (mode == "subscribe")
        {
            // A section, tag or author that has never had an article is no feed (its URL answers 404).
            if (topic.Scope.Kind != FeedScopeKind.Every && await store.ReadFeedAsync(topic.Scope, 1, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false) is null)
            {
                return HubAnswer.BadRequest($"There is no {topic.Scope.Kind.ToString().ToLowerInvariant()} '{topic.Scope.Slug}', so there is no feed to subscribe to.");
            }

            if (await subscriptions.CountActiveAsync(topic.Key, PushLimits.MaxSubscriptionsPerTopic, cancellationToken).ConfigureAwait(false) >= PushLimits.MaxSubscriptionsPerTopic)
            {
                return new HubAnswer(403, "Too many subscriptions.", $"This feed has the most subscribers the hub serves ({PushLimits.MaxSubscriptionsPerTopic}).");
            }

            if (await subscriptions.CountActiveForHostAsync(callback.Host, PushLimits.MaxSubscriptionsPerCallbackHost, cancellationToken).ConfigureAwait(false) >= PushLimits.MaxSubscriptionsPerCallbackHost)
            {
                return new HubAnswer(403, "Too many subscriptions.", $"The callback host '{callback.Host}' has the most subscriptions the hub allows one host ({PushLimits.MaxSubscriptionsPerCallbackHost}).");
            }
        }

        await queues.SendAsync(PushNames.VerificationsQueue, new IntentVerification(mode, topic.Url.AbsoluteUri, callback.AbsoluteUri, lease, mode == "subscribe" ? secret : null), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return HubAnswer.Accepted;
    }

    /// <summary>Why a callback URL is refused before anything is queued, or null.</summary>
    public string? CheckCallback(string? value) => CallbackUrl.Problem(value, "hub.callback", push.Value.AllowPrivateNetworkCallbacks);
}
