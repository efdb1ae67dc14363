using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

/// <summary>A fresh install, before the first article: this class's own Azurite holds nothing.</summary>
public sealed class EmptyStoreTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("rss", "application/rss+xml")]
    [InlineData("atom", "application/atom+xml")]
    public async Task GetFeed_NothingStored_ValidEmptyXmlFeedWithValidators(string format, string mediaType)
    {
        using var response = await app.Client.GetAsync($"/api/feeds/{format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.True(response.Content.Headers.LastModified > DateTimeOffset.UtcNow.AddDays(-1), "Last-Modified is a real date");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);
        Assert.Empty(feed.Items);
        Assert.False(string.IsNullOrWhiteSpace(feed.Title.Text));
    }

    [Fact]
    public async Task GetJsonFeed_NothingStored_ValidEmptyJsonFeed()
    {
        using var response = await app.Client.GetAsync("/api/feeds/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://jsonfeed.org/version/1.1", json.RootElement.GetProperty("version").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task GetSummary_NothingStored_ZeroCountsNoMadeUpDates()
    {
        using var response = await app.Client.GetAsync("/api/summary");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("0001-01-01", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("totalArticles").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("publishedRange").GetProperty("first").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("publishedRange").GetProperty("last").ValueKind);
        Assert.Equal(0, root.GetProperty("sections").GetArrayLength());
        Assert.Equal(0, root.GetProperty("latest").GetArrayLength());
        Assert.InRange(root.GetProperty("generatedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task GetListing_NothingStored_EmptyItemsAndNoNext()
    {
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles"));

        Assert.Equal(0, json.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task GetSectionFeed_UnknownSection_StillProblem404()
    {
        using var response = await app.Client.GetAsync("/api/feeds/no-such-section/rss");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
