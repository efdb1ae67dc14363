using System.Net.Http.Headers;

namespace SyndicationFunctions.Ingestion;

/// <summary>Which <see cref="ArticleFormat"/> a Content-Type or a file name stands for; null when unsupported.</summary>
public static class FormatDetection
{
    /// <summary>The extension of the batch format: one JSON article per line.</summary>
    public const string NdjsonExtension = ".ndjson";

    private static readonly Dictionary<string, ArticleFormat> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/json"] = ArticleFormat.Json,
        ["text/json"] = ArticleFormat.Json,
        ["text/plain"] = ArticleFormat.SeedText,
        ["text/markdown"] = ArticleFormat.Markdown,
        ["text/x-markdown"] = ArticleFormat.Markdown,
        ["text/html"] = ArticleFormat.Html,
        ["application/xhtml+xml"] = ArticleFormat.Html,
    };

    private static readonly Dictionary<string, ArticleFormat> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = ArticleFormat.Json,
        [".txt"] = ArticleFormat.SeedText,
        [".md"] = ArticleFormat.Markdown,
        [".markdown"] = ArticleFormat.Markdown,
        [".html"] = ArticleFormat.Html,
        [".htm"] = ArticleFormat.Html,
    };

    private static readonly HashSet<string> NdjsonMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
    };

    /// <summary>The format of a Content-Type such as <c>text/plain; charset=utf-8</c>; null when unsupported or unreadable.</summary>
    public static ArticleFormat? FromContentType(string? contentType)
        => MediaTypeOf(contentType) is { } mediaType && MediaTypes.TryGetValue(mediaType, out var format) ? format : null;

    /// <summary>The format of a file by its extension; null when unsupported, and for <c>.ndjson</c> (see <see cref="IsNdjsonFile"/>).</summary>
    public static ArticleFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return null;
        return Extensions.TryGetValue(Path.GetExtension(fileName.Trim()), out var format) ? format : null;
    }

    /// <summary>A batch file of newline-delimited JSON articles.</summary>
    public static bool IsNdjsonFile(string? fileName)
        => !string.IsNullOrWhiteSpace(fileName) && string.Equals(Path.GetExtension(fileName.Trim()), NdjsonExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>A batch body of newline-delimited JSON articles.</summary>
    public static bool IsNdjsonContentType(string? contentType)
        => MediaTypeOf(contentType) is { } mediaType && NdjsonMediaTypes.Contains(mediaType);

    private static string? MediaTypeOf(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : null;
}
