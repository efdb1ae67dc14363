using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// Turns one <see cref="PushChange"/> into the work it implies: a fan-out message per affected feed and format that has
/// a subscriber (the feeds: every article's, and the sections, tags and authors the article was in before or is in
/// after the change), a pump per partner endpoint, a ping per external hub. Each feed's subscribers are then paged,
/// <see cref="PageSize"/> at a time, into one delivery message each.
/// </summary>
public sealed partial class FanOut(
    PushQueues queues,
    SubscriptionStore subscriptions,
    FeedFormats formats,
    WebhookEndpoints webhooks,
    ExternalHubPinger externalHubs,
    TimeProvider time,
    ILogger<FanOut> logger)
{
    public const int PageSize = 100;

    public async Task ChangeAsync(PushChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = time.GetUtcNow();
        if (change.Due > now)
        {
            // Not public yet (the queue let it out early, or the embargo is further than a queue can hide it).
            await queues.SendAsync(PushNames.ChangesQueue, change, Ceiling(change.Due - now), cancellationToken).ConfigureAwait(false);
            return;
        }

        var feeds = FeedsOf(change);

        // Only a feed and format with a subscriber gets the fan-out's work (its stamp, a queue message, a page of
        // subscribers). Feeds are many (up to 26 per change: every article's, sections, tags, authors) and mostly
        // unfollowed, and a deployment whose readers poll has no subscriber at all: one range query per feed finds
        // those followed in any format, and only they are asked format by format. A write nobody follows then costs
        // one queue message and a query per feed, not a message and a query per feed and format.
        var followedFeeds = await Task.WhenAll(feeds.Select(feed => subscriptions.AnyActiveAsync(feed, cancellationToken))).ConfigureAwait(false);
        var candidates = feeds.Where((_, i) => followedFeeds[i]).SelectMany(feed => formats.Names.Select(format => FeedTopic.KeyOf(feed, format))).ToList();
        var followed = await Task.WhenAll(candidates.Select(async key => await subscriptions.CountActiveAsync(key, 1, cancellationToken).ConfigureAwait(false) > 0)).ConfigureAwait(false);
        var keys = candidates.Where((_, i) => followed[i]).ToList();
        await Task.WhenAll(keys.Select(key => subscriptions.RaiseLatestStampAsync(key, change.Stamp, cancellationToken))).ConfigureAwait(false);

        await Task.WhenAll(keys.Select(key => queues.SendAsync(PushNames.TopicFanOutQueue, new TopicFanOut(key, change.Stamp, null), TimeSpan.Zero, cancellationToken))).ConfigureAwait(false);
        await webhooks.PumpAllAsync(cancellationToken).ConfigureAwait(false);
        await externalHubs.PingAsync(feeds, cancellationToken).ConfigureAwait(false);
        LogFannedOut(logger, change.Section, change.Stamp, keys.Count);
    }

    public async Task TopicAsync(TopicFanOut fanOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fanOut);
        var (keys, continuation) = await subscriptions.PageActiveAsync(fanOut.FeedKey, fanOut.Continuation, PageSize, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var sends = keys.Select(key => queues.SendAsync(PushNames.DeliveriesQueue, new SubscriberDelivery(fanOut.FeedKey, key, fanOut.Stamp, 1, now), TimeSpan.Zero, cancellationToken)).ToList();
        if (continuation is not null)
        {
            sends.Add(queues.SendAsync(PushNames.TopicFanOutQueue, fanOut with { Continuation = continuation }, TimeSpan.Zero, cancellationToken));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <summary>Every article's feed, then those the change names (its section's alone in older messages).</summary>
    private static List<FeedScope> FeedsOf(PushChange change)
    {
        var named = change.Feeds ?? (change.Section is null ? [] : [change.Section]);
        return [FeedScope.Every, .. named.Select(FeedScope.ParseKey).Where(f => f.Kind != FeedScopeKind.Every).Distinct()];
    }

    private static TimeSpan Ceiling(TimeSpan delay) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(delay.TotalSeconds)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {Stamp} in section {Section} fanned out to {Feeds} feeds")]
    private static partial void LogFannedOut(ILogger logger, string? section, long stamp, int feeds);
}
