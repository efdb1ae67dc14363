using System.Net;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Pages;

/// <summary>OPML, sitemaps, compression and what each client gets from a feed URL, over real HTTP.</summary>
public sealed class SiteTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        string Body(string id, string section, DateTimeOffset published, int paragraphs = 40) =>
            $$"""{"id":"{{id}}","title":"Story {{id}} & more","summary":"About {{id}}.","contentText":"{{string.Join("\\n\\n", Enumerable.Repeat("The harbour reopened on Monday after three weeks of repairs, and the first ships came in on the morning tide.", paragraphs))}}","published":"{{published.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","section":"{{section}}","language":"en-GB"}""";
        foreach (var (id, section, published) in new[] { ("fresh-1", "World", now.AddHours(-1)), ("fresh-2", "Sport", now.AddHours(-30)), ("old-1", "World", now.AddDays(-40)) })
        {
            using var response = await app.PostArticleAsync(Body(id, section, published), "application/json");
            Assert.True(response.IsSuccessStatusCode);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Opml_ImportedByNewsboat_ListsEveryFeedAndEachReads()
    {
        var folder = Directory.CreateTempSubdirectory("opml-").FullName;
        var opml = await app.Client.GetStringAsync("/api/feeds.opml");
        await File.WriteAllTextAsync(Path.Combine(folder, "feeds.opml"), opml);
        await File.WriteAllTextAsync(Path.Combine(folder, "urls"), "");
        await File.WriteAllTextAsync(Path.Combine(folder, "config"), "");

        // A real feed reader imports the OPML, then fetches every feed it lists.
        await ExternalTool.RunAsync(folder, "newsboat", "-i", "feeds.opml", "-u", "urls", "-c", "cache.db", "-C", "config");
        var urls = (await File.ReadAllLinesAsync(Path.Combine(folder, "urls"))).Where(l => l.Length > 0).ToList();
        await ExternalTool.RunAsync(folder, "newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload");
        var unread = await ExternalTool.RunAsync(folder, "newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "print-unread");

        Assert.Contains(new Uri(app.BaseAddress, "/api/feeds/rss").AbsoluteUri, urls);
        Assert.Contains(new Uri(app.BaseAddress, "/api/feeds/world/rss").AbsoluteUri, urls);
        Assert.Contains(new Uri(app.BaseAddress, "/api/feeds/sport/rss").AbsoluteUri, urls);
        Assert.Equal(urls.Count, XDocument.Parse(opml).Descendants("outline").Count(o => o.Attribute("xmlUrl") is not null));
        Assert.Equal("2.0", XDocument.Parse(opml).Root!.Attribute("version")!.Value);
        Assert.Matches(@"^[1-9][0-9]* unread articles", unread.Trim());
    }

    [Theory]
    [InlineData("atom", "/api/feeds/world/atom")]
    [InlineData("json", "/api/feeds/world/json")]
    public async Task Opml_OtherFormat_ListsThoseFeeds(string format, string path)
    {
        var opml = XDocument.Parse(await app.Client.GetStringAsync($"/api/feeds.opml?format={format}"));

        Assert.Contains(opml.Descendants("outline"), o => o.Attribute("xmlUrl")?.Value == new Uri(app.BaseAddress, path).AbsoluteUri);
    }

    [Fact]
    public async Task Sitemaps_ValidateAgainstTheSitemapSchemaAndListEveryPublicArticle()
    {
        var index = await LoadValidatedAsync("/sitemap.xml");
        var months = index.Root!.Elements(Sitemap + "sitemap").Select(s => new Uri(s.Element(Sitemap + "loc")!.Value).AbsolutePath).ToList();
        var listed = new List<string>();
        foreach (var month in months)
        {
            var urlset = await LoadValidatedAsync(month);
            listed.AddRange(urlset.Root!.Elements(Sitemap + "url").Select(u => u.Element(Sitemap + "loc")!.Value));
        }

        Assert.Contains("/api/sitemaps/pages", months);
        Assert.Contains(new Uri(app.BaseAddress, "/api/articles/old-1").AbsoluteUri, listed);
        Assert.Contains(new Uri(app.BaseAddress, "/api/articles/fresh-1").AbsoluteUri, listed);
        Assert.Contains(new Uri(app.BaseAddress, "/").AbsoluteUri, listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task Root_IsTheFrontPage()
    {
        using var response = await app.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h2>Sections</h2>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RobotsTxt_AllowsEverythingAndNamesBothSitemaps()
    {
        using var response = await app.Client.GetAsync("/robots.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.TrimEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Allow: /", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Disallow:", StringComparison.OrdinalIgnoreCase) && l.Length > "Disallow:".Length);
        Assert.Contains($"Sitemap: {new Uri(app.BaseAddress, "/sitemap.xml").AbsoluteUri}", lines);
        Assert.Contains($"Sitemap: {new Uri(app.BaseAddress, "/api/news-sitemap.xml").AbsoluteUri}", lines);
    }

    [Theory]
    [InlineData("/api/home", "/")]
    [InlineData("/api/sitemap.xml", "/sitemap.xml")]
    public async Task FormerAddress_PermanentRedirectThatClientsFollow(string former, string now)
    {
        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var moved = await noFollow.GetAsync(former);
        using var head = await noFollow.SendAsync(new HttpRequestMessage(HttpMethod.Head, former));
        using var followed = await app.Client.GetAsync(former);

        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal(new Uri(app.BaseAddress, now), moved.Headers.Location);
        Assert.Equal(HttpStatusCode.MovedPermanently, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(new Uri(app.BaseAddress, now), followed.RequestMessage!.RequestUri);
    }

    [Fact]
    public async Task NewsSitemap_LastTwoDaysOnly_ValidAgainstBothSchemas()
    {
        var news = await LoadValidatedAsync("/api/news-sitemap.xml");
        var urls = news.Root!.Elements(Sitemap + "url").ToList();

        Assert.Equal(["fresh-1", "fresh-2"], urls.Select(u => new Uri(u.Element(Sitemap + "loc")!.Value).Segments[^1]).Order());
        var entry = urls.Single(u => u.Element(Sitemap + "loc")!.Value.EndsWith("fresh-1", StringComparison.Ordinal)).Element(News + "news")!;
        Assert.Equal("SyndicationFunctions", entry.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("en", entry.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal("Story fresh-1 & more", entry.Element(News + "title")!.Value);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip;q=0.5, br;q=1", "br")]
    [InlineData("br;q=0.2, gzip", "gzip")]
    [InlineData("identity", null)]
    [InlineData("br;q=0, gzip;q=0", null)]
    public async Task Feed_AcceptEncoding_CompressedAsAskedWithItsOwnValidators(string acceptEncoding, string? expected)
    {
        using var plain = await GetAsync("/api/feeds/rss", null);
        using var encoded = await GetAsync("/api/feeds/rss", acceptEncoding);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        var bytes = await encoded.Content.ReadAsByteArrayAsync();

        Assert.Contains("Accept-Encoding", encoded.Headers.Vary);
        Assert.Equal(expected, encoded.Content.Headers.ContentEncoding.SingleOrDefault());
        if (expected is null)
        {
            Assert.Equal(plain.Headers.ETag, encoded.Headers.ETag);
            return;
        }

        Assert.NotEqual(plain.Headers.ETag, encoded.Headers.ETag);
        Assert.Equal(plainBytes, ContentCodings.Decompress(bytes, expected));
        Assert.True(bytes.Length < plainBytes.Length * 0.3, $"{bytes.Length} compressed of {plainBytes.Length}");

        // A 304 holds for the representation it names, and only for it.
        using var same = await GetAsync("/api/feeds/rss", acceptEncoding, encoded.Headers.ETag);
        using var other = await GetAsync("/api/feeds/rss", null, encoded.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task SmallBody_LeftUncompressed()
    {
        using var health = await GetAsync("/api/health", "gzip, br");
        using var problem = await GetAsync("/api/feeds/no-such-section/rss", "gzip, br");

        Assert.Empty(health.Content.Headers.ContentEncoding);
        Assert.Empty(problem.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1")]
    [InlineData("application/rss+xml, application/rdf+xml;q=0.8, application/atom+xml;q=0.6, application/xml;q=0.4, text/xml;q=0.4")]
    [InlineData("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, text/html;q=0.5")]
    public async Task Feed_ReaderAcceptHeaders_GetTheFeedItself(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/rss");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await app.Client.SendAsync(request);

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Feed_BrowserAccept_PageWithItsOwnValidatorsAndStrictPolicy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/atom");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        using var page = await app.Client.SendAsync(request);
        using var feed = await app.Client.GetAsync("/api/feeds/atom");

        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(feed.Headers.ETag, page.Headers.ETag);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains($"href=\"{new Uri(app.BaseAddress, "/").AbsoluteUri}\"", await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return await app.Client.SendAsync(request);
    }


    private async Task<XDocument> LoadValidatedAsync(string path)
    {
        using var response = await app.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Pages", "Schemas", "sitemap.xsd"));
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Pages", "Schemas", "sitemap-news.xsd"));
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add($"{path}: {e.Message}"));
        Assert.Empty(errors);
        return document;
    }
}
