namespace SyndicationFunctions.Push;

/// <summary>The queues and tables of push delivery: one place, read by the function attributes, the local host, the tests and the Bicep.</summary>
public static class PushNames
{
    /// <summary>One message per public change (a write, or an embargo lifting): the only thing a write enqueues.</summary>
    public const string ChangesQueue = "push-changes";

    /// <summary>One message per WebSub feed and page of its subscribers, so no invocation holds them all.</summary>
    public const string TopicFanOutQueue = "websub-fanout";

    /// <summary>One message per subscriber and change (and per retry of it).</summary>
    public const string DeliveriesQueue = "websub-deliveries";

    /// <summary>Verification of intent for subscribe and unsubscribe requests.</summary>
    public const string VerificationsQueue = "websub-verifications";

    /// <summary>One message per partner endpoint that has changes to catch up on.</summary>
    public const string WebhookPumpQueue = "webhook-pumps";

    public const string SubscriptionsTable = "websubsubscriptions";

    public const string WebhooksTable = "webhookendpoints";

    public static IReadOnlyList<string> Queues { get; } = [ChangesQueue, TopicFanOutQueue, DeliveriesQueue, VerificationsQueue, WebhookPumpQueue];

    public static IReadOnlyList<string> Tables { get; } = [SubscriptionsTable, WebhooksTable];
}
