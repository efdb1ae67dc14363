namespace SyndicationFunctions.Ingestion;

/// <summary>The input formats an article can arrive in, over HTTP or through the blob inbox.</summary>
public enum ArticleFormat
{
    Json,
    /// <summary>Plain text in the scraped-article layout of <c>seeds/</c>.</summary>
    SeedText,
    Markdown,
    Html,
}
