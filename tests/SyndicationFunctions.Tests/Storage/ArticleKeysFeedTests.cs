using SyndicationFunctions.Storage;
using SyndicationFunctions.Tests.Articles;

namespace SyndicationFunctions.Tests.Storage;

public sealed class ArticleKeysFeedTests
{
    [Fact]
    public void FeedListings_Article_EveryFeedItIsIn()
    {
        var article = FeedSlugTests.Article(tags: ["Economy", "economy", "Trade"], authors: ["Jane Doe"]);

        Assert.Equal(["feed|", "fsec|world|", "ftag|economy|", "ftag|trade|", "faut|jane-doe|"], ArticleKeys.FeedListings(article));
    }

    [Fact]
    public void FeedListings_MostTagsAndAuthors_AtMostFourteen()
    {
        var article = FeedSlugTests.Article(tags: Enumerable.Range(0, 20).Select(i => $"t{i}").ToList(), authors: Enumerable.Range(0, 20).Select(i => $"a{i}").ToList());

        Assert.Equal(2 + 8 + 4, ArticleKeys.FeedListings(article).Count);
    }

    [Theory]
    [InlineData(FeedScopeKind.Every, null, "feed|")]
    [InlineData(FeedScopeKind.Section, "world", "fsec|world|")]
    [InlineData(FeedScopeKind.Tag, "economy", "ftag|economy|")]
    [InlineData(FeedScopeKind.Author, "jane-doe", "faut|jane-doe|")]
    public void Feed_Scope_ItsListing(FeedScopeKind kind, string? slug, string listing)
        => Assert.Equal(listing, ArticleKeys.Feed(new FeedScope(kind, slug)));

    [Fact]
    public void NameIn_TagSpelledByTheArticle_ThatSpelling()
    {
        var article = FeedSlugTests.Article(tags: ["Türkiye"], authors: ["Jane Doe"]);

        Assert.Equal("Türkiye", ArticleKeys.NameIn(article, ArticleKeys.TagFeed("turkiye")));
        Assert.Equal("Jane Doe", ArticleKeys.NameIn(article, ArticleKeys.AuthorFeed("jane-doe")));
        Assert.Null(ArticleKeys.NameIn(article, ArticleKeys.TagFeed("jane-doe")));
    }
}
