using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Feeds;

/// <summary>Everything a feed writer needs, already resolved to absolute URLs.</summary>
/// <param name="SelfUrl">The URL of this very document (RSS atom:link self, Atom self, JSON Feed feed_url).</param>
/// <param name="HomeUrl">The human-facing page of the feed (RSS link, Atom alternate, JSON Feed home_page_url).</param>
/// <param name="NextUrl">The next (older) page, if any (RFC 5005).</param>
public sealed record FeedDocument(
    string Id,
    string Title,
    string Description,
    Uri SelfUrl,
    Uri HomeUrl,
    Uri? NextUrl,
    string? Language,
    DateTimeOffset Updated,
    IReadOnlyList<FeedEntry> Entries)
{
    /// <summary>Articles withdrawn within this page's window: Atom carries them as RFC 6721 tombstones.</summary>
    public IReadOnlyList<FeedTombstone> Withdrawn { get; init; } = [];

    /// <summary>The WebSub hubs that push this feed (RSS and Atom <c>atom:link rel="hub"</c>, JSON Feed <c>hubs</c>).</summary>
    public IReadOnlyList<Uri> Hubs { get; init; } = [];
}

/// <param name="EntryId">The entry id the article had in every feed (see <see cref="FeedIds.ForArticle"/>).</param>
/// <param name="When">When it was withdrawn.</param>
public sealed record FeedTombstone(string EntryId, DateTimeOffset When);

/// <param name="Link">The item's working link: the canonical URL, else the article as this app serves it.</param>
/// <param name="ListedAt">When the article last became public or changed here: what the feed is ordered by.</param>
public sealed record FeedEntry(Article Article, Uri Link, DateTimeOffset? ListedAt = null);

/// <summary>Writes one feed format.</summary>
public interface IFeedWriter
{
    /// <summary>The route name of the format: rss, atom or json.</summary>
    string Format { get; }

    /// <summary>The Content-Type, with charset.</summary>
    string ContentType { get; }

    /// <summary>What people call the format: RSS 2.0, Atom 1.0, JSON Feed 1.1.</summary>
    string DisplayName { get; }

    byte[] Write(FeedDocument feed);
}
