using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Tests.Storage;

public sealed class ArticleKeysTests
{
    private static readonly DateTimeOffset Older = new(2025, 5, 13, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Newer = Older.AddSeconds(1);

    [Fact]
    public void Entry_NewerArticle_SortsFirst()
    {
        var older = ArticleKeys.Entry(ArticleKeys.AllListing, Older, "a");
        var newer = ArticleKeys.Entry(ArticleKeys.AllListing, Newer, "z");

        Assert.True(string.CompareOrdinal(newer, older) < 0);
    }

    [Fact]
    public void Entry_SameInstant_IdBreaksTheTie()
    {
        var a = ArticleKeys.Entry(ArticleKeys.AllListing, Older, "a");
        var b = ArticleKeys.Entry(ArticleKeys.AllListing, Older, "b");

        Assert.NotEqual(a, b);
        Assert.True(string.CompareOrdinal(a, b) < 0);
    }

    [Fact]
    public void Stats_SortsBeforeEveryEntryAndEndAfter()
    {
        var listing = ArticleKeys.SectionListing("world");
        var stats = ArticleKeys.Stats(listing);
        var newest = ArticleKeys.Entry(listing, DateTimeOffset.MaxValue.AddDays(-1), "a");
        var oldest = ArticleKeys.Entry(listing, DateTimeOffset.MinValue.AddDays(1), "zzzz");

        Assert.True(string.CompareOrdinal(stats, newest) < 0);
        Assert.True(string.CompareOrdinal(oldest, ArticleKeys.End(listing)) < 0);
        Assert.True(ArticleKeys.IsStats(stats));
        Assert.False(ArticleKeys.IsStats(newest));
    }

    [Fact]
    public void SectionListing_PrefixOfAnotherSlug_RangesDoNotOverlap()
    {
        var world = ArticleKeys.SectionListing("world");
        var worldNews = ArticleKeys.Entry(ArticleKeys.SectionListing("world-news"), Older, "a");

        var inWorld = string.CompareOrdinal(worldNews, ArticleKeys.Stats(world)) >= 0 && string.CompareOrdinal(worldNews, ArticleKeys.End(world)) < 0;

        Assert.False(inWorld);
    }

    [Theory]
    [InlineData("all|")]
    [InlineData("sec|turkiye|")]
    [InlineData("asc|")]
    public void ParseEntry_RoundTrips(string listing)
    {
        var key = listing == ArticleKeys.AscendingListing
            ? ArticleKeys.AscendingEntry(Older, "2025-05-13-a-b")
            : ArticleKeys.Entry(listing, Older, "2025-05-13-a-b");

        var (published, id) = ArticleKeys.ParseEntry(listing, key);

        Assert.Equal(Older, published);
        Assert.Equal("2025-05-13-a-b", id);
        Assert.True(ArticleKeys.IsEntryOf(listing, key));
    }

    [Theory]
    [InlineData("all|!")]
    [InlineData("id|x")]
    [InlineData("all|12345|x")]
    [InlineData("sec|world|3155378975999999999|x")]
    public void IsEntryOf_NotAnEntryOfTheAllListing_False(string rowKey)
        => Assert.False(ArticleKeys.IsEntryOf(ArticleKeys.AllListing, rowKey));
}
