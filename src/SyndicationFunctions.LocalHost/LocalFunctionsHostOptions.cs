namespace SyndicationFunctions.LocalHost;

/// <summary>How the local host behaves; bound from the configuration keys in <see cref="LocalFunctionsHost"/>.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>The key function- and admin-level routes demand (<c>SYNDICATION_FUNCTION_KEY</c>).</summary>
    public string? FunctionKey { get; set; }

    /// <summary>
    /// The <c>blobs_extension</c> system key the Event Grid webhook demands
    /// (<c>SYNDICATION_BLOBS_EXTENSION_KEY</c>); the function key when not set.
    /// </summary>
    public string? BlobsExtensionKey { get; set; }

    /// <summary>The prefix before every HTTP route, from host.json (<c>extensions.http.routePrefix</c>).</summary>
    public string RoutePrefix { get; set; } = HostJson.DefaultRoutePrefix;

    /// <summary>How often blob trigger containers are listed (<c>SYNDICATION_INBOX_SCAN_SECONDS</c>); zero turns scanning off.</summary>
    public TimeSpan InboxScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many blobs one scan hands to a function at once (host.json <c>extensions.blobs.maxDegreeOfParallelism</c>).</summary>
    public int InboxParallelism { get; set; } = 4;

    /// <summary>host.json <c>extensions.queues</c>: polling, visibility after a failure, batch size, poison threshold.</summary>
    public QueueSettings Queues { get; set; } = QueueSettings.Default;
}
