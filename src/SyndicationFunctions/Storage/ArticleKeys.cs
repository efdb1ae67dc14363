using System.Globalization;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The row-key layout of the articles table. Everything lives in one partition so that one
/// entity-group transaction can write an article, its listing rows and the counters together.
/// <list type="bullet">
/// <item><c>id|{id}</c>: the article, read by id.</item>
/// <item><c>all|{invertedTicks}|{id}</c> and <c>sec|{slug}|{invertedTicks}|{id}</c>: newest-first
/// listings carrying the whole article, so a feed page is one range query of <c>limit</c> rows.</item>
/// <item><c>all|!</c> and <c>sec|{slug}|!</c>: the listing's counters. <c>!</c> sorts before every digit,
/// so a first page reads its counters in the same query.</item>
/// <item><c>asc|{ticks}|{id}</c>: oldest-first keys only, to find the first published article.</item>
/// </list>
/// </summary>
public static class ArticleKeys
{
    public const string Partition = "articles";
    public const string AllListing = "all|";
    public const string AscendingListing = "asc|";
    private const string StatsMarker = "!";

    /// <summary>Sorts after every row of a listing ('~' is above digits, letters and '!').</summary>
    private const string ListingEnd = "~";

    public static string Article(string id) => "id|" + id;

    public static string SectionListing(string slug) => "sec|" + slug + "|";

    public static string Stats(string listing) => listing + StatsMarker;

    public static string End(string listing) => listing + ListingEnd;

    /// <summary>Zero-padded inverted ticks: newer instants sort first; the id breaks ties.</summary>
    public static string Entry(string listing, DateTimeOffset published, string id)
        => listing + (DateTimeOffset.MaxValue.UtcTicks - published.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + id;

    public static string AscendingEntry(DateTimeOffset published, string id)
        => AscendingListing + published.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + id;

    public static bool IsStats(string rowKey) => rowKey.EndsWith(StatsMarker, StringComparison.Ordinal);

    /// <summary>The published instant and id encoded in a listing row key.</summary>
    public static (DateTimeOffset Published, string Id) ParseEntry(string listing, string rowKey)
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
