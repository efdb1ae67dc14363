using SyndicationFunctions.Feeds;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Tests.Push;

public sealed class FeedTopicTests
{
    private static readonly FeedFormats Formats = new([new RssFeedWriter(), new AtomFeedWriter(), new JsonFeedWriter()]);

    [Theory]
    [InlineData("https://news.example.com/api/feeds/rss", null, "rss")]
    [InlineData("https://news.example.com/api/feeds/world/atom", "world", "atom")]
    [InlineData("https://news.example.com/api/feeds/JSON", null, "json")]
    public void TryParse_FeedOnThePublicHost_IsThatFeed(string url, string? section, string format)
    {
        Assert.True(FeedTopic.TryParse(url, new SyndicationOptions { PublicBaseUrl = "https://news.example.com" }, Formats, out var topic, out _));
        Assert.Equal(section, topic.Scope.Section);
        Assert.Equal(format, topic.Format);
        Assert.Equal(FeedTopic.KeyOf(section, format), topic.Key);
    }

    [Theory]
    [InlineData("https://evil.example.com/api/feeds/rss")]
    [InlineData("https://news.example.com/api/feeds/rss?limit=5")]
    [InlineData("https://news.example.com/api/articles")]
    [InlineData("https://news.example.com/api/feeds/world/yaml")]
    [InlineData("https://news.example.com/api/feeds/Not%20A%20Slug/rss")]
    [InlineData("https://news.example.com/api/feeds/tags/Not%20A%20Slug/rss")]
    [InlineData("https://news.example.com/api/feeds/labels/economy/rss")]
    [InlineData("https://news.example.com/api/feeds/authors/jane-doe/yaml")]
    [InlineData("ftp://news.example.com/api/feeds/rss")]
    [InlineData("nonsense")]
    public void TryParse_NotOneOfTheFeeds_SaysWhy(string url)
    {
        Assert.False(FeedTopic.TryParse(url, new SyndicationOptions { PublicBaseUrl = "https://news.example.com" }, Formats, out _, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void TryParse_NoPublicBaseUrl_OnlyTrustedHosts()
    {
        var options = new SyndicationOptions { AllowedHosts = "feeds.example.org" };

        Assert.True(FeedTopic.TryParse("http://127.0.0.1:7071/api/feeds/rss", options, Formats, out _, out _));
        Assert.True(FeedTopic.TryParse("https://feeds.example.org/api/feeds/rss", options, Formats, out _, out _));
        Assert.False(FeedTopic.TryParse("https://other.example.org/api/feeds/rss", options, Formats, out _, out _));
    }

    [Theory]
    [InlineData("https://news.example.com/api/feeds/tags/economy/atom", FeedScopeKind.Tag, "economy", "tag:economy.atom")]
    [InlineData("https://news.example.com/api/feeds/authors/jane-doe/rss", FeedScopeKind.Author, "jane-doe", "author:jane-doe.rss")]
    [InlineData("https://news.example.com/api/feeds/tags/rss", FeedScopeKind.Section, "tags", "tags.rss")]
    public void TryParse_TagAndAuthorFeeds_AreTheirOwnTopics(string url, FeedScopeKind kind, string slug, string key)
    {
        Assert.True(FeedTopic.TryParse(url, new SyndicationOptions { PublicBaseUrl = "https://news.example.com" }, Formats, out var topic, out _));
        Assert.Equal(new FeedScope(kind, slug), topic.Scope);
        Assert.Equal(key, topic.Key);
        Assert.Equal(url, topic.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("world", "atom")]
    [InlineData(null, "rss")]
    public void ParseKey_RoundTrips(string? section, string format)
        => Assert.Equal((FeedScope.OfSectionOrEvery(section), format), FeedTopic.ParseKey(FeedTopic.KeyOf(section, format)));

    [Theory]
    [InlineData(FeedScopeKind.Tag, "economy")]
    [InlineData(FeedScopeKind.Author, "x--0123456789")]
    public void ParseKey_TagAndAuthor_RoundTrips(FeedScopeKind kind, string slug)
    {
        var scope = new FeedScope(kind, slug);
        Assert.Equal((scope, "json"), FeedTopic.ParseKey(FeedTopic.KeyOf(scope, "json")));
    }
}
