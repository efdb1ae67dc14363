using System.Text.Json;

namespace SyndicationFunctions.LocalHost;

/// <summary>The settings of the Functions app's host.json that change how the local host answers.</summary>
public sealed record HostJson(string RoutePrefix, int? BlobsMaxDegreeOfParallelism)
{
    /// <summary>host.json <c>extensions.queues</c>, with the host's defaults for what it leaves out.</summary>
    public QueueSettings Queues { get; init; } = QueueSettings.Default;

    public const string FileName = "host.json";

    /// <summary>What the real host uses when host.json names no route prefix.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostJson Default { get; } = new(DefaultRoutePrefix, null);

    /// <summary>Reads the first host.json found in the given folders (the Functions output, then the content root).</summary>
    public static HostJson Find(IEnumerable<string?> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var path = folders
            .Where(folder => !string.IsNullOrEmpty(folder))
            .Select(folder => Path.Combine(folder!, FileName))
            .FirstOrDefault(File.Exists);
        return path is null ? Default : Parse(File.ReadAllText(path));
    }

    public static HostJson Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = document.RootElement.TryGetProperty("extensions", out var found) ? found : default;

        var routePrefix = DefaultRoutePrefix;
        if (extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("http", out var http)
            && http.ValueKind == JsonValueKind.Object
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String)
        {
            // An empty prefix is meaningful: routes then start at the root.
            routePrefix = prefix.GetString()!.Trim('/');
        }

        int? parallelism = null;
        if (extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("blobs", out var blobs)
            && blobs.ValueKind == JsonValueKind.Object
            && blobs.TryGetProperty("maxDegreeOfParallelism", out var degree)
            && degree.TryGetInt32(out var value)
            && value > 0)
        {
            parallelism = value;
        }

        return new HostJson(routePrefix, parallelism) { Queues = QueueSettings.Parse(extensions) };
    }
}

/// <summary>
/// The queue trigger settings of host.json (<c>extensions.queues</c>). Defaults are the Functions host's own:
/// poll at most every minute when idle, retry a failed message at once, 16 at a time, poison after 5 dequeues.
/// </summary>
public sealed record QueueSettings(TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int BatchSize, int MaxDequeueCount, bool Base64)
{
    public static QueueSettings Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 5, Base64: true);

    public static QueueSettings Parse(JsonElement extensions)
    {
        if (extensions.ValueKind != JsonValueKind.Object || !extensions.TryGetProperty("queues", out var queues) || queues.ValueKind != JsonValueKind.Object)
        {
            return Default;
        }

        static TimeSpan? Span(JsonElement parent, string name)
            => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && TimeSpan.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;

        static int? Number(JsonElement parent, string name)
            => parent.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) && number > 0 ? number : null;

        var encoding = queues.TryGetProperty("messageEncoding", out var found) && found.ValueKind == JsonValueKind.String ? found.GetString() : null;
        return new QueueSettings(
            Span(queues, "maxPollingInterval") ?? Default.MaxPollingInterval,
            Span(queues, "visibilityTimeout") ?? Default.VisibilityTimeout,
            Math.Min(32, Number(queues, "batchSize") ?? Default.BatchSize),
            Number(queues, "maxDequeueCount") ?? Default.MaxDequeueCount,
            !string.Equals(encoding, "none", StringComparison.OrdinalIgnoreCase));
    }
}
