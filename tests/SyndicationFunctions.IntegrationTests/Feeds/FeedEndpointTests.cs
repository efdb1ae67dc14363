using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

public sealed class FeedEndpointTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    public async Task InitializeAsync()
    {
        using var seed = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain");
        Assert.True(seed.IsSuccessStatusCode);
        for (var i = 0; i < 5; i++)
        {
            using var other = await app.PostArticleAsync(
                $$"""{"id":"science-{{i}}","title":"Science story {{i}}","summary":"S{{i}}","contentText":"Text {{i}}.","published":"2025-07-0{{i + 1}}T09:00:00Z","section":"Science","tags":["lab"]}""",
                "application/json");
            Assert.True(other.IsSuccessStatusCode);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetRss_SeedArticle_Rss20WithTitleSummaryDateAndSection()
    {
        using var response = await app.Client.GetAsync("/api/feeds/rss");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("2.0", xml.Root!.Attribute("version")!.Value);
        var item = xml.Descendants("item").Single(i => i.Element("title")!.Value == AppFixture.SeedTitle);
        Assert.StartsWith("Turkish metropolis previously hosted", item.Element("description")!.Value, StringComparison.Ordinal);
        Assert.Equal("Tue, 13 May 2025", item.Element("pubDate")!.Value[..16]);
        Assert.Contains(item.Elements("category"), c => c.Value == "Türkiye");
        Assert.Contains("Revitalising the path of dialogue", item.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
        Assert.Equal("false", item.Element("guid")!.Attribute("isPermaLink")!.Value);
        Assert.Contains(xml.Root.Element("channel")!.Elements(Atom + "link"), l => l.Attribute("rel")!.Value == "self");
    }

    [Fact]
    public async Task GetEveryFormat_SeedArticle_SameIdTitleDateAndLink()
    {
        var rss = SyndicationFeed.Load(XmlReader.Create(await app.Client.GetStreamAsync("/api/feeds/rss")));
        var atom = SyndicationFeed.Load(XmlReader.Create(await app.Client.GetStreamAsync("/api/feeds/atom")));
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/json"));

        var rssItem = rss.Items.Single(i => i.Title.Text == AppFixture.SeedTitle);
        var atomItem = atom.Items.Single(i => i.Title.Text == AppFixture.SeedTitle);
        var jsonItem = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == AppFixture.SeedTitle);
        Assert.Equal("https://jsonfeed.org/version/1.1", json.RootElement.GetProperty("version").GetString());
        Assert.Equal(rssItem.Id, atomItem.Id);
        Assert.Equal(rssItem.Id, jsonItem.GetProperty("id").GetString());
        Assert.Equal(rssItem.PublishDate, atomItem.PublishDate);
        Assert.Equal(rssItem.PublishDate, jsonItem.GetProperty("date_published").GetDateTimeOffset());
        var link = rssItem.Links[0].Uri;
        Assert.Equal(link, atomItem.Links.First(l => l.RelationshipType == "alternate").Uri);
        Assert.Equal(link.AbsoluteUri, jsonItem.GetProperty("url").GetString());
        Assert.Equal(new Uri(app.BaseAddress, $"/api/articles/{AppFixture.SeedId}"), link);

        // The item link works: it is the article this app serves.
        using var article = await app.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
    }

    [Fact]
    public async Task GetSectionFeed_OnlyThatSectionNewestFirst()
    {
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/science/json"));

        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()!.Split('/')[^1]).ToList();
        Assert.Equal(["science-4", "science-3", "science-2", "science-1", "science-0"], ids);
    }

    [Fact]
    public async Task GetFeed_LimitAndNext_PagesThroughEveryItemOnce()
    {
        var seen = new List<string>();
        var next = "/api/feeds/science/json?limit=2";
        while (next is not null)
        {
            using var page = JsonDocument.Parse(await app.Client.GetStringAsync(next));
            seen.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!));
            next = page.RootElement.TryGetProperty("next_url", out var url) ? url.GetString() : null;
        }

        using var whole = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/science/json?limit=100"));
        var all = whole.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();
        Assert.True(all.Count >= 5);
        Assert.Equal(all, seen);

        var atom = XDocument.Parse(await app.Client.GetStringAsync("/api/feeds/science/atom?limit=2"));
        Assert.Contains(atom.Root!.Elements(Atom + "link"), l => l.Attribute("rel")!.Value == "next");
    }

    [Theory]
    [InlineData("/api/feeds/rss", "application/rss+xml")]
    [InlineData("/api/feeds/science/atom", "application/atom+xml")]
    [InlineData("/api/feeds/json", "application/feed+json")]
    public async Task GetFeed_ConditionalRequests_304WithoutBody(string path, string mediaType)
    {
        using var first = await app.Client.GetAsync(path);
        Assert.Equal(mediaType, first.Content.Headers.ContentType!.MediaType);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.NotNull(first.Headers.CacheControl.MaxAge);

        using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var tagged = await app.Client.SendAsync(byTag);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var dated = await app.Client.SendAsync(byDate);
        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.ParseAdd("\"something-else\"");
        stale.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var staleResponse = await app.Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, tagged.StatusCode);
        Assert.Empty(await tagged.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, tagged.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, dated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staleResponse.StatusCode);
    }

    [Fact]
    public async Task HeadFeed_SameHeadersNoBody()
    {
        using var get = await app.Client.GetAsync("/api/feeds/atom");
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/feeds/atom"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NewArticleInOneSection_OtherSectionValidatorUnchanged()
    {
        using var before = await app.Client.GetAsync("/api/feeds/turkiye/rss");
        using var allBefore = await app.Client.GetAsync("/api/feeds/rss");

        using var added = await app.PostArticleAsync(
            """{"id":"science-late","title":"Late science","contentText":"Late.","published":"2025-08-01T00:00:00Z","section":"Science"}""", "application/json");
        using var after = await app.Client.GetAsync("/api/feeds/turkiye/rss");
        using var allAfter = await app.Client.GetAsync("/api/feeds/rss");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(allBefore.Headers.ETag, allAfter.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/feeds/no-such-section/rss")]
    [InlineData("/api/feeds/xml")]
    [InlineData("/api/feeds/science/xml")]
    public async Task GetFeed_UnknownSectionOrFormat_404Problem(string path)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/feeds/rss?limit=0")]
    [InlineData("/api/feeds/rss?limit=ten")]
    [InlineData("/api/feeds/rss?cursor=bogus")]
    public async Task GetFeed_BadPagingParameters_400Problem(string path)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
