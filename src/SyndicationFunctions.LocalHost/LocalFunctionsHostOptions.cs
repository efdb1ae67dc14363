using SyndicationFunctions.LocalHost.Webhooks;

namespace SyndicationFunctions.LocalHost;

/// <summary>How the local host behaves; bound from the configuration keys in <see cref="LocalFunctionsHost"/>.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>The key function- and admin-level routes demand (<c>SYNDICATION_FUNCTION_KEY</c>), the host's default key.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>
    /// The <c>blobs_extension</c> system key the Event Grid webhook demands (<c>SYNDICATION_BLOBS_EXTENSION_KEY</c>).
    /// Without it no key opens the webhook, as on a host that has not created its system key.
    /// </summary>
    public string? BlobsExtensionKey { get; set; }

    /// <summary>The host's system keys by name (<c>blobs_extension</c>), the ones that open <c>/runtime/webhooks/{extension}</c>.</summary>
    public IReadOnlyDictionary<string, string> SystemKeys =>
        BlobsExtensionKey is { Length: > 0 } key
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [RuntimeWebhooks.SystemKeyName(BlobEventWebhook.Name)] = key }
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The prefix before every HTTP route, from host.json (<c>extensions.http.routePrefix</c>).</summary>
    public string RoutePrefix { get; set; } = HostJson.DefaultRoutePrefix;

    /// <summary>Headers added to every answer that lacks them, from host.json (<c>extensions.http.customHeaders</c>).</summary>
    public IReadOnlyDictionary<string, string> CustomHeaders { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>AzureWebJobsDisableHomepage</c>: what the host answers at <c>/</c> when no function ran there. The Bicep sets it,
    /// so the deployed app answers an empty 204; without it the host shows its placeholder page.
    /// </summary>
    public bool HomepageDisabled { get; set; }

    /// <summary>How often blob trigger containers are listed (<c>SYNDICATION_INBOX_SCAN_SECONDS</c>); zero turns scanning off.</summary>
    public TimeSpan InboxScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many blobs one scan hands to a function at once (host.json <c>extensions.blobs.maxDegreeOfParallelism</c>).</summary>
    public int InboxParallelism { get; set; } = 4;

    /// <summary>host.json <c>extensions.queues</c>: polling, visibility after a failure, batch size, poison threshold.</summary>
    public QueueSettings Queues { get; set; } = QueueSettings.Default;
}
