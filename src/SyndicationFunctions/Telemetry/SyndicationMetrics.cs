using System.Diagnostics.Metrics;

namespace SyndicationFunctions.Telemetry;

/// <summary>
/// The app's own figures, one <see cref="Meter"/> (<see cref="MeterName"/>) with stable instrument names: exported to
/// Application Insights in Azure (as <c>customMetrics</c>, which the alerts and the workbook in infra/app/alerts.bicep
/// query by these names), printed to the console locally when <c>SYNDICATION_METRICS_CONSOLE</c> is set.
/// </summary>
public static class SyndicationMetrics
{
    public const string MeterName = "SyndicationFunctions";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>New articles stored (HTTP, batch or inbox; tag <c>source</c>).</summary>
    public static readonly Counter<long> ArticlesCreated = Meter.CreateCounter<long>("syndication.articles.created", "{article}");

    /// <summary>Stored articles changed (a correction, a re-publication).</summary>
    public static readonly Counter<long> ArticlesUpdated = Meter.CreateCounter<long>("syndication.articles.updated", "{article}");

    public static readonly Counter<long> ArticlesWithdrawn = Meter.CreateCounter<long>("syndication.articles.withdrawn", "{article}");

    /// <summary>Requests and inbox files turned away (tag <c>reason</c>: invalid, too_large, unsupported_type, stale_version, unreadable_file).</summary>
    public static readonly Counter<long> ArticlesRejected = Meter.CreateCounter<long>("syndication.articles.rejected", "{request}");

    /// <summary>Inbox files handled (tag <c>outcome</c>: created, updated, unchanged, rejected, ...).</summary>
    public static readonly Counter<long> InboxFiles = Meter.CreateCounter<long>("syndication.inbox.files", "{file}");

    /// <summary>Requests to Table and Blob Storage (tags <c>service</c>, <c>status</c>), retries included.</summary>
    public static readonly Counter<long> StorageCalls = Meter.CreateCounter<long>("syndication.storage.calls", "{request}");

    /// <summary>Storage answers 429 or 503 (the account throttling the app).</summary>
    public static readonly Counter<long> StorageThrottled = Meter.CreateCounter<long>("syndication.storage.throttled", "{request}");

    /// <summary>Operations answered 503 because storage did not answer.</summary>
    public static readonly Counter<long> StorageUnavailable = Meter.CreateCounter<long>("syndication.storage.unavailable", "{operation}");

    /// <summary>Writes retried because another writer changed a row first.</summary>
    public static readonly Counter<long> StorageConflicts = Meter.CreateCounter<long>("syndication.storage.conflicts", "{retry}");

    /// <summary>Sequencer rounds retried because another instance's round committed first (no write is retried).</summary>
    public static readonly Counter<long> SequencerConflicts = Meter.CreateCounter<long>("syndication.sequencer.conflicts", "{retry}");

    /// <summary>Feed requests answered (tag <c>format</c>), 304s included.</summary>
    public static readonly Counter<long> FeedRequests = Meter.CreateCounter<long>("syndication.feeds.requests", "{request}");

    public static readonly Counter<long> FeedNotModified = Meter.CreateCounter<long>("syndication.feeds.not_modified", "{request}");

    /// <summary>Feed body bytes sent (as sent: compressed when the reader asked).</summary>
    public static readonly Counter<long> FeedBytes = Meter.CreateCounter<long>("syndication.feeds.bytes", "By");

    public static readonly Counter<long> BackupsCompleted = Meter.CreateCounter<long>("syndication.backups.completed", "{backup}");

    /// <summary>Rows moved by a storage layout migration.</summary>
    public static readonly Counter<long> LayoutMigrated = Meter.CreateCounter<long>("syndication.layout.migrated", "{row}");

    /// <summary>
    /// Queue messages that failed at their last allowed dequeue, which the host then moves to a poison queue (tag
    /// <c>queue</c>; counted by the push queue functions, see <c>PushStorage.RunMessageAsync</c>).
    /// </summary>
    public static readonly Counter<long> MessagesPoisoned = Meter.CreateCounter<long>("syndication.messages.poisoned", "{message}");

    /// <summary>
    /// Push POSTs to subscribers and partners (tags <c>channel</c>: websub, webhook; <c>outcome</c>: succeeded, failed;
    /// webhooks also <c>kind</c>: the change's kind). A retried delivery counts each attempt.
    /// </summary>
    public static readonly Counter<long> PushDeliveries = Meter.CreateCounter<long>("syndication.push.deliveries", "{request}");

    /// <summary>WebSub deliveries given up after retrying for <c>PushLimits.RetryFor</c>.</summary>
    public static readonly Counter<long> PushGaveUp = Meter.CreateCounter<long>("syndication.push.gave_up", "{delivery}");

    /// <summary>Counts one push POST: <paramref name="channel"/> websub or webhook, succeeded or failed.</summary>
    public static void CountDelivery(string channel, bool succeeded, string? kind = null)
    {
        var outcome = Tag("outcome", succeeded ? "succeeded" : "failed");
        if (kind is null)
        {
            PushDeliveries.Add(1, Tag("channel", channel), outcome);
        }
        else
        {
            PushDeliveries.Add(1, Tag("channel", channel), outcome, Tag("kind", kind));
        }
    }

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
