using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Push;

/// <summary>
/// W3C WebSub section 7: POSTs a feed's current first page, in its own format, to one subscriber, with the hub and
/// self links and <c>X-Hub-Signature: sha256=</c> when it gave a secret. A failure is retried with growing pauses
/// for at least a day; an older change is dropped once a newer one of the same feed was fanned out or delivered.
/// </summary>
public sealed partial class ContentDistributor(
    SubscriptionStore subscriptions,
    FeedComposer composer,
    FeedFormats formats,
    HubLinks hubs,
    CallbackHttp http,
    PushQueues queues,
    IOptions<SyndicationOptions> options,
    TimeProvider time,
    ILogger<ContentDistributor> logger)
{
    // One rendering per feed, host and change serves every subscriber of it on this instance.
    private static readonly ConcurrentDictionary<(string Key, Uri Base, long Stamp), Lazy<Task<byte[]?>>> Rendered = new();

    public async Task<DeliveryOutcome> DeliverAsync(SubscriberDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var subscription = await subscriptions.FindAsync(delivery.FeedKey, delivery.SubscriptionKey, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (subscription is null || subscription.Expires <= now)
        {
            return DeliveryOutcome.NoSubscription;
        }

        if (subscription.DeliveredStamp >= delivery.Stamp
            || (delivery.Attempt > 1 && await subscriptions.LatestStampAsync(delivery.FeedKey, cancellationToken).ConfigureAwait(false) > delivery.Stamp))
        {
            return DeliveryOutcome.Superseded;
        }

        var (scope, format) = FeedTopic.ParseKey(delivery.FeedKey);
        var topic = new FeedTopic(scope, format, new Uri(new Uri(subscription.Topic).GetLeftPart(UriPartial.Authority) + "/"));
        if (!formats.TryGet(format, out var writer) || await RenderAsync(topic, writer, delivery.Stamp, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return DeliveryOutcome.NoSubscription;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, subscription.Callback) { Content = new ByteArrayContent(body) };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", writer.ContentType);
        post.Headers.TryAddWithoutValidation("Link", hubs.LinkHeader(topic));
        if (subscription.Secret is { } secret)
        {
            post.Headers.TryAddWithoutValidation("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body)));
        }

        string failure;
        try
        {
            var answer = await http.SendAsync(post, cancellationToken).ConfigureAwait(false);
            SyndicationMetrics.CountDelivery("websub", answer.IsSuccess);
            if (answer.IsSuccess)
            {
                await subscriptions.MarkDeliveredAsync(subscription, delivery.Stamp, cancellationToken).ConfigureAwait(false);
                return DeliveryOutcome.Delivered;
            }

            failure = $"HTTP {(int)answer.Status}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
        {
            SyndicationMetrics.CountDelivery("websub", succeeded: false);
            failure = ex.InnerException?.Message ?? ex.Message;
        }

        if (now - delivery.FirstAttempt >= PushLimits.RetryFor)
        {
            LogGaveUp(logger, subscription.Callback, delivery.Attempt, failure);
            SyndicationMetrics.PushGaveUp.Add(1);
            return DeliveryOutcome.GaveUp;
        }

        var pause = PushLimits.RetryDelay(delivery.Attempt);
        LogRetrying(logger, subscription.Callback, delivery.Attempt, failure, pause);
        await queues.SendAsync(PushNames.DeliveriesQueue, delivery with { Attempt = delivery.Attempt + 1 }, pause, cancellationToken).ConfigureAwait(false);
        return DeliveryOutcome.Retrying;
    }

    private async Task<byte[]?> RenderAsync(FeedTopic topic, IFeedWriter writer, long stamp, CancellationToken cancellationToken)
    {
        if (Rendered.Count > 200)
        {
            Rendered.Clear();
        }

        var lazy = Rendered.GetOrAdd((topic.Key, topic.BaseUri, stamp), _ => new Lazy<Task<byte[]?>>(async () =>
        {
            var request = new FeedRequest(topic.Scope, writer.Format, options.Value.DefaultFeedLimit, null, null, topic.BaseUri);
            var composed = await composer.ComposeAsync(request, cancellationToken).ConfigureAwait(false);
            return composed is null ? null : writer.Write(composed.Document);
        }));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            Rendered.TryRemove(new KeyValuePair<(string, Uri, long), Lazy<Task<byte[]?>>>((topic.Key, topic.BaseUri, stamp), lazy));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to {Callback} failed (attempt {Attempt}: {Failure}); retrying in {Pause}")]
    private static partial void LogRetrying(ILogger logger, string callback, int attempt, string failure, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery to {Callback} given up after {Attempt} attempts over a day: {Failure}")]
    private static partial void LogGaveUp(ILogger logger, string callback, int attempt, string failure);
}

public enum DeliveryOutcome
{
    Delivered,
    Retrying,
    GaveUp,
    Superseded,
    NoSubscription,
}
