using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Where articles live. "Public" is decided at read time on the store's clock: an article whose publication
/// date is still ahead is stored but scheduled, and becomes public at that instant with no write.
/// Every method may throw <see cref="StorageUnavailableException"/>.
/// </summary>
public interface IArticleStore
{
    /// <summary>The stored article (public or scheduled), a withdrawn one's tombstone, or neither.</summary>
    Task<ArticleLookup> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores an ingested article: created when new (or withdrawn before), unchanged when identical, updated otherwise.</summary>
    Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken);

    /// <summary>
    /// Stores many ingested articles as <see cref="SaveAsync"/> would each, in order for a repeated id (the later
    /// wins), and independently otherwise; one result per input, same index. Never throws for one article's failure:
    /// an invalid article is <see cref="BulkSaveResult.Invalid"/>, and once storage stops answering, the article it
    /// failed on and every one not started yet are <see cref="BulkSaveResult.NotStored"/>.
    /// </summary>
    /// <remarks>
    /// This default calls <see cref="SaveAsync"/> per article, <see cref="BulkSave.ArticlesInFlight"/> distinct ids at
    /// a time; a store that can write many entities in one call overrides it.
    /// </remarks>
    Task<IReadOnlyList<BulkSaveResult>> SaveManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
        => BulkSave.OneByOneAsync(this, articles, cancellationToken);

    /// <summary>
    /// Replaces an article that exists (PUT); null when there is none. Throws <see cref="PreconditionFailedException"/>
    /// when <paramref name="ifMatch"/> names another version, <see cref="ArticleWithdrawnException"/> when it was withdrawn.
    /// </summary>
    Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>Withdraws an article (a scheduled one is cancelled). Honours <paramref name="ifMatch"/> as above.</summary>
    Task<DeleteOutcome> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Public articles in publication order, newest first; <paramref name="section"/> (a slug) null means every
    /// section. Throws <see cref="ArticleValidationException"/> for a cursor it did not issue.
    /// </summary>
    Task<ArticlePage> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Articles not public yet, latest publication date first.</summary>
    Task<ArticlePage> ListScheduledAsync(int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the feed of <paramref name="scope"/>: newest first by when each article last became public or changed,
    /// with the tombstones of articles withdrawn within it. Null when the section, tag or author has never had a public
    /// article (a section: never held one). <paramref name="horizon"/> is how far ahead to look for the next scheduled
    /// change (the most a reader may cache).
    /// </summary>
    Task<FeedPage?> ReadFeedAsync(FeedScope scope, int limit, string? cursor, TimeSpan horizon, CancellationToken cancellationToken);

    Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken);

    /// <summary>
    /// Id, title and dates (no bodies) of the articles public now and published in [<paramref name="since"/>,
    /// <paramref name="until"/>), newest first, at most <paramref name="limit"/>: one range query, for sitemaps.
    /// </summary>
    Task<IReadOnlyList<ArticleHeadline>> ListHeadlinesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Public changes after <paramref name="afterSequence"/> (null: from the oldest kept), in commit order.
    /// Throws <see cref="ChangesExpiredException"/> when changes after that one are no longer kept.
    /// </summary>
    Task<ChangePage> ReadChangesAsync(long? afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Answers when storage answers; throws <see cref="StorageUnavailableException"/> otherwise.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <param name="ListedAt">When the article last became public or changed (for a scheduled one: when it will).</param>
public sealed record StoredArticle(Article Article, string ETag, DateTimeOffset ListedAt)
{
    public bool IsPublicAt(DateTimeOffset now) => ListedAt <= now && Article.Published <= now;
}

/// <summary>What an id names: a stored article, the time it was withdrawn, or nothing.</summary>
public sealed record ArticleLookup(StoredArticle? Stored, DateTimeOffset? WithdrawnAt)
{
    public static readonly ArticleLookup None = new(null, null);
}

public enum SaveStatus
{
    Created,
    Updated,
    Unchanged,
}

/// <param name="Previous">The article as it was before this write (null when new, or published again after a withdrawal).</param>
public sealed record SaveOutcome(SaveStatus Status, StoredArticle Stored, Article? Previous = null);

/// <summary>What became of one article of <see cref="IArticleStore.SaveManyAsync"/>: exactly one of the three is set.</summary>
/// <param name="Outcome">Stored: created, updated or unchanged, as <see cref="IArticleStore.SaveAsync"/> answers.</param>
/// <param name="Invalid">Refused for what it holds (a 400): sending it again as it is would not help.</param>
/// <param name="NotStored">Storage did not answer before this article was stored (a 503): send it again as it is.</param>
public sealed record BulkSaveResult(SaveOutcome? Outcome, ArticleValidationException? Invalid, bool NotStored)
{
    public static readonly BulkSaveResult Unavailable = new(null, null, true);

    public static BulkSaveResult Saved(SaveOutcome outcome) => new(outcome ?? throw new ArgumentNullException(nameof(outcome)), null, false);

    public static BulkSaveResult Refused(ArticleValidationException error) => new(null, error ?? throw new ArgumentNullException(nameof(error)), false);
}

public enum DeleteOutcome
{
    NotFound,
    Withdrawn,
    AlreadyWithdrawn,
}

/// <param name="Section">The section listed; null for the listing of every section.</param>
public sealed record ArticlePage(ArticleSection? Section, IReadOnlyList<Article> Items, string? NextCursor);

/// <param name="Items">The public articles of the page, newest change first.</param>
/// <param name="Withdrawn">Articles withdrawn within the page's window (RFC 6721 tombstones).</param>
/// <param name="Version">Changes whenever anything public on this page (or whether a next page exists) changes.</param>
/// <param name="LastModified">The newest change the page shows.</param>
/// <param name="NextDue">When the next scheduled article of this feed becomes public, if that is within the horizon.</param>
public sealed record FeedPage(
    ArticleSection? Section,
    IReadOnlyList<FeedItem> Items,
    IReadOnlyList<WithdrawnArticle> Withdrawn,
    string? NextCursor,
    string Version,
    DateTimeOffset LastModified,
    DateTimeOffset? NextDue)
{
    /// <summary>The display name of the section, tag or author the feed follows (null for every article).</summary>
    public string? Name { get; init; } = Section?.Name;
}

/// <param name="ListedAt">When it last became public or changed: its place in the feed.</param>
public sealed record FeedItem(Article Article, DateTimeOffset ListedAt);

public sealed record WithdrawnArticle(string Id, DateTimeOffset At);

public sealed record ArticleHeadline(string Id, string Title, DateTimeOffset Published, DateTimeOffset Updated, string? Language);

public sealed record SectionStats(string Slug, string Name, int ArticleCount, DateTimeOffset? LatestPublished);

/// <param name="NextDue">When the next scheduled article becomes public, if any is scheduled.</param>
public sealed record StoreStats(
    int TotalArticles,
    DateTimeOffset? FirstPublished,
    DateTimeOffset? LastPublished,
    DateTimeOffset LastModified,
    string Version,
    IReadOnlyList<SectionStats> Sections,
    IReadOnlyList<Article> Latest,
    DateTimeOffset? NextDue);

public static class ChangeKinds
{
    public const string Published = "published";
    public const string Updated = "updated";
    public const string Withdrawn = "withdrawn";
}

/// <param name="Article">The article as of this change; null for a withdrawal.</param>
public sealed record ArticleChange(long Sequence, string Kind, string Id, DateTimeOffset At, Article? Article);

/// <param name="Next">The sequence to continue after, even when the page is empty.</param>
public sealed record ChangePage(IReadOnlyList<ArticleChange> Changes, long Next, DateTimeOffset LastModified, DateTimeOffset? NextDue);

/// <summary>An If-Match that does not name the stored version (412).</summary>
public sealed class PreconditionFailedException(string? currentETag)
    : Exception("The article has changed since that version: fetch it again and retry with its ETag.")
{
    /// <summary>The stored version's entity tag, or null when there is no stored article.</summary>
    public string? CurrentETag { get; } = currentETag;
}

/// <summary>The article was withdrawn (410): it can be published again with POST.</summary>
public sealed class ArticleWithdrawnException(string id, DateTimeOffset at)
    : Exception($"The article '{id}' was withdrawn at {at:u}; publish it again with POST to bring it back.")
{
    public DateTimeOffset At { get; } = at;
}

/// <summary>A change-feed cursor older than what is kept (410): start again from the beginning.</summary>
public sealed class ChangesExpiredException(long oldestKept)
    : Exception($"Changes before sequence {oldestKept} are no longer kept. Resynchronise: read the feeds or the listing, then follow /api/changes without a cursor.")
{
    public long OldestKept { get; } = oldestKept;
}

/// <summary>Storage did not answer, or answered with a server-side failure: retry later (503).</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
