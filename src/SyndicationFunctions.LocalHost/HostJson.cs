using System.Text.Json;

namespace SyndicationFunctions.LocalHost;

/// <summary>The settings of the Functions app's host.json that change how the local host answers.</summary>
/// <param name="RoutePrefix"><c>extensions.http.routePrefix</c>: the prefix before every HTTP route.</param>
/// <param name="BlobsMaxDegreeOfParallelism"><c>extensions.blobs.maxDegreeOfParallelism</c>, when given.</param>
/// <param name="CustomHeaders">
/// <c>extensions.http.customHeaders</c>: headers the host adds to every answer it serves, its own 401s and 404s
/// included, unless the answer already has them.
/// </param>
public sealed record HostJson(string RoutePrefix, int? BlobsMaxDegreeOfParallelism, IReadOnlyDictionary<string, string> CustomHeaders)
{
    /// <summary>host.json <c>extensions.queues</c>, with the host's defaults for what it leaves out.</summary>
    public QueueSettings Queues { get; init; } = QueueSettings.Default;

    public const string FileName = "host.json";

    /// <summary>What the real host uses when host.json names no route prefix.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostJson Default { get; } = new(DefaultRoutePrefix, null, new Dictionary<string, string>());

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
        var http = Section(extensions, "http");

        var routePrefix = DefaultRoutePrefix;
        if (http.ValueKind == JsonValueKind.Object
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String)
        {
            // An empty prefix is meaningful: routes then start at the root.
            routePrefix = prefix.GetString()!.Trim('/');
        }

        int? parallelism = null;
        var blobs = Section(extensions, "blobs");
        if (blobs.ValueKind == JsonValueKind.Object
            && blobs.TryGetProperty("maxDegreeOfParallelism", out var degree)
            && degree.TryGetInt32(out var value)
            && value > 0)
        {
            parallelism = value;
        }

        // The host binds the section to a string dictionary, as configuration does: numbers and booleans as their text.
        var customHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var headers = Section(http, "customHeaders");
        if (headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                if (header.Value.ValueKind switch
                {
                    JsonValueKind.String => header.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => header.Value.GetRawText(),
                    _ => null,
                } is { } text)
                {
                    customHeaders[header.Name] = text;
                }
            }
        }

        return new HostJson(routePrefix, parallelism, customHeaders) { Queues = QueueSettings.Parse(extensions) };
    }

    private static JsonElement Section(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section
            : default;
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
