using System.Globalization;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The keys of the articles table (docs/STORAGE.md). An article and every row that carries it live in one of
/// <see cref="ShardCount"/> shard partitions, chosen by its id, so one entity-group transaction writes them together
/// and writers of different articles never touch the same row. Within a shard:
/// <list type="bullet">
/// <item><c>id|{id}</c>: the article (or, once withdrawn, its tombstone), read by id.</item>
/// <item><c>all|{invertedTicks}|{id}</c> and <c>sec|{slug}|{invertedTicks}|{id}</c>: publication order, newest
/// first, carrying the whole article. Scheduled articles sort first; a public range starts at the present.</item>
/// <item><c>feed|{invertedTicks}|{id}</c> and <c>fsec|{slug}|{invertedTicks}|{id}</c>: feed order, by when the
/// article last became public or changed; a withdrawn article leaves a small tombstone row here instead.</item>
/// <item><c>ftag|{slug}|{invertedTicks}|{id}</c> and <c>faut|{slug}|{invertedTicks}|{id}</c>: the same, per tag and per
/// author (<see cref="FeedListings"/>); the row carries the article only when it is small, else the reader reads
/// <c>id|{id}</c>. An article that leaves such a feed (a correction drops the tag) leaves a row of kind <c>left</c> there.</item>
/// <item><c>asc|{ticks}|{id}</c>: oldest-first keys only, to find the first published article.</item>
/// <item><c>pnd|{id}|{revision}</c>: a change committed with the article and not yet numbered by the sequencer.</item>
/// </list>
/// The <see cref="ChangesPartition"/> holds the change feed, <c>chg|{sequence}</c>, and the sequencer's
/// <see cref="StateRow"/>: the counters, section names, schedule and the next sequence number. A listing read
/// queries every shard (in parallel) and merges the rows by key, which is one global order.
/// </summary>
public static class ArticleKeys
{
    /// <summary>Layout 2's one partition, read only by its migration (and the change feed while that runs).</summary>
    public const string LegacyPartition = "articles";

    /// <summary>How many partitions the articles are spread over. Part of the layout: changing it is a migration.</summary>
    public const int ShardCount = 8;

    public const string ChangesPartition = "changes";

    /// <summary>The sequencer's row in <see cref="ChangesPartition"/>.</summary>
    public const string StateRow = "state";

    public const string Pending = "pnd|";
    public const string AllListing = "all|";
    public const string AscendingListing = "asc|";
    public const string AllFeed = "feed|";
    public const string Changes = "chg|";
    private const string StatsMarker = "!";

    /// <summary>Sorts after every row of a listing ('~' is above digits, letters and '!').</summary>
    private const string ListingEnd = "~";

    public static string Article(string id) => "id|" + id;

    /// <summary>The shard partition of an article: FNV-1a of its id's UTF-8 bytes, so it never changes between runtimes.</summary>
    public static string PartitionOf(string id) => Shard(ShardOf(id));

    public static int ShardOf(string id)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % ShardCount);
    }

    public static string Shard(int shard) => "s" + shard.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<string> Shards => Enumerable.Range(0, ShardCount).Select(Shard);

    /// <summary>A pending change of an article at its <paramref name="revision"/> (every write of an article raises it).</summary>
    public static string PendingChange(string id, long revision) => Pending + id + "|" + revision.ToString("D19", CultureInfo.InvariantCulture);

    public static string SectionListing(string slug) => "sec|" + slug + "|";

    public static string SectionFeed(string slug) => "fsec|" + slug + "|";

    public static string TagFeed(string slug) => "ftag|" + slug + "|";

    public static string AuthorFeed(string slug) => "faut|" + slug + "|";

    /// <summary>The feed-order listing of a feed.</summary>
    public static string Feed(FeedScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            FeedScopeKind.Every => AllFeed,
            FeedScopeKind.Section => SectionFeed(scope.Slug!),
            FeedScopeKind.Tag => TagFeed(scope.Slug!),
            _ => AuthorFeed(scope.Slug!),
        };
    }

    /// <summary>
    /// Every feed listing <paramref name="article"/> appears in: the every-article feed, its section's, and those of its
    /// first <see cref="FeedSlug.MaxTagFeeds"/> tags and <see cref="FeedSlug.MaxAuthorFeeds"/> authors (distinct slugs).
    /// </summary>
    public static IReadOnlyList<string> FeedListings(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return [AllFeed, SectionFeed(article.Section.Slug), .. FeedSlug.TagsOf(article).Select(t => TagFeed(t.Slug)), .. FeedSlug.AuthorsOf(article).Select(a => AuthorFeed(a.Slug))];
    }

    /// <summary>The name <paramref name="article"/> gives the tag or author of <paramref name="listing"/>, if it is in it.</summary>
    public static string? NameIn(Article article, string listing)
    {
        ArgumentNullException.ThrowIfNull(article);
        return FeedSlug.TagsOf(article).Where(t => TagFeed(t.Slug) == listing)
            .Concat(FeedSlug.AuthorsOf(article).Where(a => AuthorFeed(a.Slug) == listing))
            .Select(n => n.Name).FirstOrDefault();
    }

    /// <summary>True for a tag's or an author's feed listing (rows that may carry no body).</summary>
    public static bool IsTagOrAuthorFeed(string listing)
        => listing.StartsWith("ftag|", StringComparison.Ordinal) || listing.StartsWith("faut|", StringComparison.Ordinal);

    public static string Stats(string listing) => listing + StatsMarker;

    public static string End(string listing) => listing + ListingEnd;

    /// <summary>Zero-padded inverted ticks: newer instants sort first; the id breaks ties.</summary>
    public static string Entry(string listing, DateTimeOffset at, string id) => Instant(listing, at) + "|" + id;

    /// <summary>The first key of a newest-first listing at or before <paramref name="at"/>: where its present begins.</summary>
    public static string Instant(string listing, DateTimeOffset at)
        => listing + (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string AscendingEntry(DateTimeOffset published, string id)
        => AscendingListing + published.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + id;

    public static string Change(long sequence) => Changes + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static long ParseChange(string rowKey) => long.Parse(rowKey.AsSpan(Changes.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    public static bool IsStats(string rowKey) => rowKey.EndsWith(StatsMarker, StringComparison.Ordinal);

    /// <summary>The instant and id encoded in a listing row key.</summary>
    public static (DateTimeOffset At, string Id) ParseEntry(string listing, string rowKey)
    {
        var rest = rowKey.AsSpan(listing.Length);
        var ticks = long.Parse(rest[..19], NumberStyles.None, CultureInfo.InvariantCulture);
        var id = rest[20..].ToString();
        var utcTicks = listing == AscendingListing ? ticks : DateTimeOffset.MaxValue.UtcTicks - ticks;
        return (new DateTimeOffset(utcTicks, TimeSpan.Zero), id);
    }

    /// <summary>True when <paramref name="rowKey"/> is an article row of <paramref name="listing"/>.</summary>
    public static bool IsEntryOf(string listing, string rowKey)
        => rowKey.Length > listing.Length + 20
            && rowKey.StartsWith(listing, StringComparison.Ordinal)
            && rowKey[listing.Length + 19] == '|'
            && rowKey.AsSpan(listing.Length, 19).IndexOfAnyExceptInRange('0', '9') < 0;
}
