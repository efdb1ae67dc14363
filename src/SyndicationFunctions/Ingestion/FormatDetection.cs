namespace SyndicationFunctions.Ingestion;

/// <summary>Which reader a body needs, from its Content-Type or its file name.</summary>
public static class FormatDetection
{
    public static ArticleFormat? FromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => ArticleFormat.Json,
            "text/plain" => ArticleFormat.SeedText,
            "text/markdown" => ArticleFormat.Markdown,
            "text/html" => ArticleFormat.Html,
            _ => null,
        };
    }

    public static ArticleFormat? FromFileName(string name)
        => Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".json" => ArticleFormat.Json,
            ".txt" => ArticleFormat.SeedText,
            ".md" => ArticleFormat.Markdown,
            ".html" or ".htm" => ArticleFormat.Html,
            _ => null,
        };
}
