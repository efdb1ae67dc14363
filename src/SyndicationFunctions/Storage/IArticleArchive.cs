using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The whole store, as backups and layout migrations see it: articles in their states, the raw change feed and
/// its position; and writes that put them back with their own instants.
/// </summary>
public interface IArticleArchive
{
    /// <summary>
    /// Writes an article in its archived state. <see cref="RestoreMode.KeepNewer"/> (a migration) skips an id the store
    /// already holds and gives the article a <c>published</c> change; <see cref="RestoreMode.Replace"/> (an import) writes
    /// over it and adds no change (the archive's changes are restored as they were). True when something was written.
    /// </summary>
    Task<bool> RestoreAsync(ArchivedArticle record, RestoreMode mode, CancellationToken cancellationToken);

    /// <summary>The change-feed position, section names and scheduled ids; the ETag and server time of the row every write replaces.</summary>
    Task<ArchivePosition> ReadPositionAsync(CancellationToken cancellationToken);

    /// <summary>Every article (or those written since <paramref name="changedSince"/>, server time), in id order.</summary>
    IAsyncEnumerable<ArchivedArticle> ReadArchivedArticlesAsync(DateTimeOffset? changedSince, IReadOnlyCollection<string> scheduled, CancellationToken cancellationToken);

    /// <summary>Changes with sequences in (<paramref name="after"/>, <paramref name="upTo"/>], in order.</summary>
    IAsyncEnumerable<ArchivedChange> ReadArchivedChangesAsync(long after, long upTo, CancellationToken cancellationToken);

    Task RestoreChangeAsync(ArchivedChange change, CancellationToken cancellationToken);

    /// <summary>Sets the change-feed position and section names, and keeps only the scheduled ids the archive ended with.</summary>
    Task RestorePositionAsync(ArchivePosition position, CancellationToken cancellationToken);

    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>Numbers every change still waiting and brings the counters up to date (restores do not wait for it one by one).</summary>
    Task SettleAsync(CancellationToken cancellationToken);
}

public enum RestoreMode
{
    /// <summary>A layout migration: what the store already holds is newer and stays.</summary>
    KeepNewer,

    /// <summary>An import: the archive's later line wins.</summary>
    Replace,

    /// <summary>A layout migration that moves the change feed as it was: what the store already holds stays, and no change is added.</summary>
    Move,
}

public static class ArchivedStates
{
    public const string Public = "public";
    public const string Scheduled = "scheduled";
    public const string Withdrawn = "withdrawn";
}

/// <summary>One article of an archive: public (with when it was listed), scheduled, or withdrawn (a tombstone, no content).</summary>
public sealed record ArchivedArticle(string Id, string State, DateTimeOffset? ListedAt, DateTimeOffset? WithdrawnAt, string? Section, Article? Article);

/// <summary>One change-feed entry as stored.</summary>
public sealed record ArchivedChange(long Sequence, string Kind, string Id, DateTimeOffset At, Article? Article);

/// <summary>Where the change feed stands, the section names and the scheduled ids; <see cref="ETag"/> changes with every write.</summary>
public sealed record ArchivePosition(
    string? ETag, DateTimeOffset? ServerTime, long Sequence, long OldestSequence, DateTimeOffset? OldestChangeAt,
    IReadOnlyDictionary<string, string> SectionNames, IReadOnlyList<string> Scheduled);
