using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>Where articles live. Every method may throw <see cref="StorageUnavailableException"/>.</summary>
public interface IArticleStore
{
    Task<StoredArticle?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores an ingested article: created when new, unchanged when identical, updated otherwise.</summary>
    Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an article that exists (PUT); null when there is none. Throws
    /// <see cref="PreconditionFailedException"/> when <paramref name="ifMatch"/> names another version.
    /// </summary>
    Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>Removes an article and its listing rows; false when there is none. Honours <paramref name="ifMatch"/> as above.</summary>
    Task<bool> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Newest first; <paramref name="section"/> (a slug) null means every section.
    /// Null when the section has never held an article. Throws <see cref="ArticleValidationException"/> for a cursor it did not issue.
    /// </summary>
    Task<ArticlePage?> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken);

    Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken);

    /// <summary>Answers when storage answers; throws <see cref="StorageUnavailableException"/> otherwise.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

public sealed record StoredArticle(Article Article, string ETag);

public enum SaveStatus
{
    Created,
    Updated,
    Unchanged,
}

public sealed record SaveOutcome(SaveStatus Status, StoredArticle Stored);

/// <param name="Section">The section listed; null for the listing of every section.</param>
/// <param name="Version">Changes whenever anything on this page (or whether a next page exists) changes.</param>
/// <param name="LastModified">When this listing last changed.</param>
public sealed record ArticlePage(
    ArticleSection? Section,
    IReadOnlyList<Article> Items,
    string? NextCursor,
    string Version,
    DateTimeOffset LastModified);

public sealed record SectionStats(string Slug, string Name, int ArticleCount, DateTimeOffset? LatestPublished);

public sealed record StoreStats(
    int TotalArticles,
    DateTimeOffset? FirstPublished,
    DateTimeOffset? LastPublished,
    DateTimeOffset LastModified,
    string Version,
    IReadOnlyList<SectionStats> Sections,
    IReadOnlyList<Article> Latest);

/// <summary>An If-Match that does not name the stored version (412).</summary>
public sealed class PreconditionFailedException(string? currentETag)
    : Exception("The article has changed since that version: fetch it again and retry with its ETag.")
{
    /// <summary>The stored version's entity tag, or null when there is no stored article.</summary>
    public string? CurrentETag { get; } = currentETag;
}

/// <summary>Storage did not answer, or answered with a server-side failure: retry later (503).</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
