using System.Security.Cryptography;
using System.Text.Json;

namespace SyndicationFunctions.Articles;

/// <summary>
/// A stable hash of what an article says, so storage can tell "the same content again" (nothing rewritten)
/// from a real change. <see cref="Article.Updated"/> and <see cref="Article.Source"/> are left out: they
/// describe the delivery, not the content, and a re-delivery through another channel is not a change.
/// </summary>
public static class ArticleFingerprint
{
    /// <summary>Lower-case hex SHA-256 over a canonical JSON of every other field.</summary>
    public static string Compute(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var content = new FingerprintContent(
            article.Id,
            article.Title,
            article.Summary,
            article.ContentHtml,
            article.Url,
            article.Published,
            article.Section,
            article.Tags,
            article.Authors,
            article.Image,
            article.Related,
            article.Language,
            article.WordCount,
            article.ReadingMinutes);
        var json = JsonSerializer.SerializeToUtf8Bytes(content, ArticleJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    // A positional record fixes the member order, which makes the JSON (and so the hash) canonical.
    private sealed record FingerprintContent(
        string Id,
        string Title,
        string? Summary,
        string ContentHtml,
        string? Url,
        DateTimeOffset Published,
        ArticleSection Section,
        IReadOnlyList<string> Tags,
        IReadOnlyList<ArticleAuthor> Authors,
        ArticleImage? Image,
        IReadOnlyList<RelatedLink> Related,
        string? Language,
        int WordCount,
        int ReadingMinutes);
}
