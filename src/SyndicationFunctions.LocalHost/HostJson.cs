using System.Text.Json;

namespace SyndicationFunctions.LocalHost;

/// <summary>The settings of the Functions app's host.json that change how the local host answers.</summary>
public sealed record HostJson(string RoutePrefix, int? BlobsMaxDegreeOfParallelism)
{
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

        return new HostJson(routePrefix, parallelism);
    }
}
