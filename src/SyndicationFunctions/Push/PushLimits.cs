namespace SyndicationFunctions.Push;

/// <summary>Every bound of the hub and the webhooks, stated once (README and docs/RELIABILITY.md quote them).</summary>
public static class PushLimits
{
    /// <summary>Ten days when the subscriber asks for none: long enough that renewals are rare, short enough that dead callbacks drop out.</summary>
    public const int DefaultLeaseSeconds = 10 * 86_400;

    /// <summary>Thirty days at most: a subscriber proves it still wants the feed at least monthly.</summary>
    public const int MaxLeaseSeconds = 30 * 86_400;

    public const int MaxCallbackLength = 2_000;

    /// <summary>WebSub: the secret MUST be less than 200 bytes.</summary>
    public const int MaxSecretBytes = 199;

    public const int MaxHubRequestBytes = 8 * 1024;

    public const int MaxSubscriptionsPerTopic = 10_000;

    public const int MaxSubscriptionsPerCallbackHost = 200;

    /// <summary>Hub requests per client address per minute (per instance).</summary>
    public const int HubRequestsPerClientPerMinute = 60;

    /// <summary>Hub requests naming one callback host per minute (per instance).</summary>
    public const int HubRequestsPerCallbackHostPerMinute = 30;

    /// <summary>How much of a callback's answer is read: a verification echoes a short challenge, a delivery needs only the status.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>A callback must answer within this, else the attempt failed.</summary>
    public static readonly TimeSpan CallbackTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Redirects are not followed: a 3xx is a failed attempt (the subscriber should give its final URL).</summary>
    public const int MaxRedirects = 0;

    /// <summary>Failed deliveries are retried for at least this long.</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(25);

    /// <summary>Growing pauses between attempts: the first within seconds, never more than an hour.</summary>
    public static TimeSpan RetryDelay(int failedAttempts) => failedAttempts switch
    {
        <= 1 => TimeSpan.FromSeconds(2),
        2 => TimeSpan.FromSeconds(5),
        3 => TimeSpan.FromSeconds(30),
        4 => TimeSpan.FromMinutes(2),
        5 => TimeSpan.FromMinutes(10),
        6 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(1),
    };

    /// <summary>Partner endpoints: at most this many registered.</summary>
    public const int MaxWebhookEndpoints = 100;

    /// <summary>An endpoint failing for this long is disabled.</summary>
    public static readonly TimeSpan WebhookDisableAfter = TimeSpan.FromDays(3);

    /// <summary>Changes one pump invocation sends before handing over to a fresh message.</summary>
    public const int WebhookChangesPerInvocation = 100;

    /// <summary>Storage queues hide a message for at most seven days; a later embargo is reached in hops.</summary>
    public static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(6);

    /// <summary>host.json's <c>extensions.queues.maxDequeueCount</c> (a test holds them equal): the last try of a message.</summary>
    public const int MaxDequeueCount = 5;
}
