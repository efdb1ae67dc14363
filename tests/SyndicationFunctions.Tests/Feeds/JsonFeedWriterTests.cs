using System.Text.Json;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

public class JsonFeedWriterTests
{
    private readonly JsonFeedWriter _writer = new();

    [Fact]
    public void Write_SeedArticle_MatchesGoldenFile()
        => GoldenFile.AssertJson("seed.feed.json", _writer.Write(FeedSamples.Feed("json", FeedSamples.SeedArticle())));

    [Fact]
    public void Write_SeedArticle_ItemHasJsonFeedFieldsAndSectionExtension()
    {
        using var document = JsonDocument.Parse(_writer.Write(FeedSamples.Feed("json", FeedSamples.SeedArticle())));
        var root = document.RootElement;
        var item = root.GetProperty("items")[0];

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("https://news.example.org/api/feeds/json", root.GetProperty("feed_url").GetString());
        Assert.False(root.TryGetProperty("next_url", out _));
        Assert.Equal(FeedIds.ForArticle(FeedSamples.SeedArticle().Id), item.GetProperty("id").GetString());
        Assert.Equal("2025-05-13T09:30:15Z", item.GetProperty("date_modified").GetString());
        Assert.Equal("mailto:seif.magango@example.org", item.GetProperty("authors")[0].GetProperty("url").GetString());
        var section = item.GetProperty("_syndication").GetProperty("section");
        Assert.Equal("turkiye", section.GetProperty("slug").GetString());
        Assert.Equal("Türkiye", section.GetProperty("name").GetString());
    }

    [Fact]
    public void Write_NextPage_HasNextUrl()
    {
        var feed = FeedSamples.Feed("json", FeedSamples.SeedArticle()) with { NextUrl = new Uri("https://news.example.org/api/feeds/json?cursor=abc") };

        using var document = JsonDocument.Parse(_writer.Write(feed));

        Assert.Equal("https://news.example.org/api/feeds/json?cursor=abc", document.RootElement.GetProperty("next_url").GetString());
    }

    [Fact]
    public void Write_NoImageNoAuthorsNoSummary_OmitsThemButKeepsContentHtml()
    {
        var article = FeedSamples.SeedArticle() with { Image = null, Authors = [], Summary = "  ", ContentHtml = "" };

        using var document = JsonDocument.Parse(_writer.Write(FeedSamples.Feed("json", article)));
        var item = document.RootElement.GetProperty("items")[0];

        Assert.False(item.TryGetProperty("image", out _));
        Assert.False(item.TryGetProperty("authors", out _));
        Assert.False(item.TryGetProperty("summary", out _));
        Assert.Equal(string.Empty, item.GetProperty("content_html").GetString());
    }
}
