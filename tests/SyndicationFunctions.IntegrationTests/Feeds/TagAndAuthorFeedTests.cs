using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

/// <summary>
/// Feeds per tag and per author, over real HTTP and Azurite on the app's own clock: a subscriber's life (new, back-dated,
/// corrected with a tag removed and one added, embargoed, withdrawn, published again), paging, conditional GET, the
/// browser page, compression, hub links, unknown and misspelled slugs.
/// </summary>
public sealed class TagAndAuthorFeedTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Tombstones = "http://purl.org/atompub/tombstones/1.0";
    private static readonly string[] Formats = ["rss", "atom", "json"];

    [Fact]
    public async Task Subscriber_TagAndAuthorFeeds_SeeExactlyWhatIsPublic()
    {
        var start = app.Clock.GetUtcNow();
        const string economy = "/api/feeds/tags/economy";
        const string markets = "/api/feeds/tags/markets";
        const string trade = "/api/feeds/tags/trade";
        const string jane = "/api/feeds/authors/jane-doe";

        // 1. A new article: at the top of its tags' and author's feeds, in every format, named as the article spells them.
        await PostAsync(Article("t-first", "First story", start.AddHours(-1), ["Economy", "Trade"], ["Jane Doe"]));
        var view = await ReadAsync(economy);
        Assert.Equal(["t-first"], view.Ids);
        Assert.Equal("SyndicationFunctions: tagged Economy", view.AtomTitle);
        Assert.Equal(["t-first"], (await ReadAsync(jane)).Ids);
        Assert.Equal("SyndicationFunctions: by Jane Doe", (await ReadAsync(jane)).AtomTitle);
        Assert.Equal(["t-first"], (await ReadAsync(trade)).Ids);
        var validators = await ValidatorsAsync(economy, jane);

        // 2. A back-dated article arrives late: first in the tag's feed, still dated in the past; the author's is untouched.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await PostAsync(Article("t-late", "Late arrival", start.AddDays(-30), ["economy"], ["John Roe"]));
        view = await ReadAsync(economy);
        Assert.Equal(["t-late", "t-first"], view.Ids);
        Assert.StartsWith(start.AddDays(-30).UtcDateTime.ToString("ddd, dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), view.RssPubDate("t-late"), StringComparison.Ordinal);
        Assert.Equal("SyndicationFunctions: tagged economy", view.AtomTitle);
        validators = await AssertConditionalAsync(validators, changed: [economy]);

        // 3. A correction drops "Trade" and "Economy" and adds "Markets": it leaves those feeds and tops the new one and
        //    its author's, with the new text. A feed an article has left still exists, under its name.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/articles/t-first")))
        {
            using var put = await app.SendAsync(HttpMethod.Put, "/api/articles/t-first",
                Article("t-first", "First story, corrected", start.AddHours(-1), ["Markets"], ["Jane Doe"], "The corrected body."), head.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(["t-late"], (await ReadAsync(economy)).Ids);
        view = await ReadAsync(markets);
        Assert.Equal(["t-first"], view.Ids);
        Assert.Contains("The corrected body.", view.Rss, StringComparison.Ordinal);
        view = await ReadAsync(jane);
        Assert.Equal(["t-first"], view.Ids);
        Assert.True(view.AtomUpdated("t-first") > view.AtomPublished("t-first"), "Atom says when it changed");
        view = await ReadAsync(trade);
        Assert.Empty(view.Ids);
        Assert.Equal("SyndicationFunctions: tagged Trade", view.AtomTitle);
        validators = await AssertConditionalAsync(validators, changed: [economy, jane]);

        // 4. An embargoed article: invisible in its feeds, and a tag only it carries is no feed yet (404, nothing leaks)...
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = app.Clock.GetUtcNow().AddSeconds(5);
        await PostAsync(Article("t-embargoed", "Embargoed story", due, ["Economy", "Secret Merger"], ["Jane Doe"]));
        Assert.DoesNotContain("t-embargoed", (await ReadAsync(economy)).Ids.Concat((await ReadAsync(jane)).Ids));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/feeds/tags/secret-merger/atom")).StatusCode);
        validators = await AssertConditionalAsync(validators, changed: []);
        using (var rss = await app.Client.GetAsync(economy + "/rss"))
        {
            Assert.InRange(rss.Headers.CacheControl!.MaxAge!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }

        // ...until its time, when it is public with no write at all.
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("t-embargoed", (await ReadAsync(economy)).Ids[0]);
        Assert.Equal("t-embargoed", (await ReadAsync(jane)).Ids[0]);
        Assert.Equal(["t-embargoed"], (await ReadAsync("/api/feeds/tags/secret-merger")).Ids);
        validators = await AssertConditionalAsync(validators, changed: [economy, jane]);

        // 5. A withdrawal: an RFC 6721 tombstone in the Atom of every tag and author feed it was in; gone from RSS and JSON.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var delete = await app.SendAsync(HttpMethod.Delete, "/api/articles/t-embargoed"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        foreach (var feed in new[] { economy, jane, "/api/feeds/tags/secret-merger" })
        {
            view = await ReadAsync(feed);
            Assert.DoesNotContain("t-embargoed", view.Ids);
            var tombstone = Assert.Single(XDocument.Parse(view.Atom).Root!.Elements(Tombstones + "deleted-entry"));
            Assert.Equal(FeedIds.ForArticle("t-embargoed"), tombstone.Attribute("ref")!.Value);
        }

        validators = await AssertConditionalAsync(validators, changed: [economy, jane]);

        // 6. The same article delivered again: nothing moves.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var again = await app.PostAsync(Article("t-late", "Late arrival", start.AddDays(-30), ["economy"], ["John Roe"])))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        validators = await AssertConditionalAsync(validators, changed: []);

        // 7. Published again with only one of its tags: its tombstones leave every feed, and it tops the one it is in.
        using (var back = await app.PostAsync(Article("t-embargoed", "Back again", start, ["Secret Merger"], [])))
        {
            Assert.Equal(HttpStatusCode.Created, back.StatusCode);
        }

        Assert.Empty(XDocument.Parse((await ReadAsync(economy)).Atom).Root!.Elements(Tombstones + "deleted-entry"));
        Assert.Empty(XDocument.Parse((await ReadAsync(jane)).Atom).Root!.Elements(Tombstones + "deleted-entry"));
        Assert.Equal(["t-embargoed"], (await ReadAsync("/api/feeds/tags/secret-merger")).Ids);
        await AssertConditionalAsync(validators, changed: [economy, jane]);
    }

    [Fact]
    public async Task TagFeed_LimitAndCursor_Rfc5005LinksWalkEveryArticleOnce()
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"paged-{i}").ToList();
        foreach (var id in ids)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await PostAsync(Article(id, "Paged " + id, app.Clock.GetUtcNow().AddDays(-ids.IndexOf(id)), ["Paging Tag"], ["Pager"]));
        }

        var expected = Enumerable.Reverse(ids).ToList();
        Assert.Equal(expected, await WalkAsync("/api/feeds/tags/paging-tag/atom?limit=2", body => XDocument.Parse(body).Root!.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href")!.Value));
        Assert.Equal(expected, await WalkAsync("/api/feeds/authors/pager/rss?limit=2", body => XDocument.Parse(body).Root!.Element("channel")!.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href")!.Value));
        Assert.Equal(expected, await WalkAsync("/api/feeds/tags/paging-tag/json?limit=2", body => JsonDocument.Parse(body).RootElement.TryGetProperty("next_url", out var next) ? next.GetString() : null));
    }

    [Fact]
    public async Task TagFeed_UnknownMisspelledOrBadFormat_404OrRedirectToItsSlug()
    {
        await PostAsync(Article("slugged", "Slugged", app.Clock.GetUtcNow().AddMinutes(-1), ["Türkiye"], ["Zoë Ånström"]));

        using var unknown = await app.Client.GetAsync("/api/feeds/tags/no-such-tag/atom");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-such-tag", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/feeds/authors/nobody/rss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/feeds/tags/turkiye/yaml")).StatusCode);

        // A name typed as it is spelled leads to its feed, for good.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        using var spelled = await noRedirect.GetAsync("/api/feeds/tags/T%C3%BCRKIYE/atom?limit=5");
        Assert.Equal(HttpStatusCode.PermanentRedirect, spelled.StatusCode);
        Assert.Equal("/api/feeds/tags/turkiye/atom?limit=5", spelled.Headers.Location!.OriginalString);
        Assert.Equal(["slugged"], (await ReadAsync("/api/feeds/authors/zoe-anstrom")).Ids);
    }

    [Fact]
    public async Task TagFeed_SameNameOtherCaseAndAccents_OneFeedNamedByTheNewest()
    {
        await PostAsync(Article("accent-1", "Accent one", app.Clock.GetUtcNow().AddMinutes(-3), ["Café Society"], []));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await PostAsync(Article("accent-2", "Accent two", app.Clock.GetUtcNow().AddMinutes(-2), ["CAFE SOCIETY"], []));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await PostAsync(Article("accent-3", "Accent three", app.Clock.GetUtcNow().AddMinutes(-1), ["Кафе"], []));

        var view = await ReadAsync("/api/feeds/tags/cafe-society");
        Assert.Equal(["accent-2", "accent-1"], view.Ids);
        Assert.Equal("SyndicationFunctions: tagged CAFE SOCIETY", view.AtomTitle);

        // A script the slugs do not transliterate gets a stable hashed slug; the article page links it.
        var page = await GetHtmlAsync("/api/articles/accent-3");
        var href = System.Text.RegularExpressions.Regex.Match(page, "href=\"[^\"]*(/api/feeds/tags/x--[0-9a-f]{10})/atom\"").Groups[1].Value;
        Assert.NotEmpty(href);
        Assert.Equal(["accent-3"], (await ReadAsync(href)).Ids);
    }

    [Fact]
    public async Task ManyTagsAndAuthors_CorrectionReplacingAll_FirstEightTagsAndFourAuthorsFollowIt()
    {
        // The most a write moves: 8 tag and 4 author feeds left, 8 and 4 entered, at a new place in every feed.
        string[] Tags(string prefix) => [.. Enumerable.Range(0, 12).Select(i => $"{prefix} {i}")];
        string[] Authors(string prefix) => [.. Enumerable.Range(0, 6).Select(i => $"{prefix} Writer {i}")];
        await PostAsync(Article("many", "Many", app.Clock.GetUtcNow().AddMinutes(-5), Tags("Old"), Authors("Old")));

        Assert.Equal(["many"], (await ReadAsync("/api/feeds/tags/old-7")).Ids);
        Assert.Equal(["many"], (await ReadAsync("/api/feeds/authors/old-writer-3")).Ids);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/feeds/tags/old-8/atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/feeds/authors/old-writer-4/atom")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await PostAsync(Article("many", "Many, corrected", app.Clock.GetUtcNow().AddMinutes(-4), Tags("New"), Authors("New")));
        Assert.Empty((await ReadAsync("/api/feeds/tags/old-0")).Ids);
        Assert.Empty((await ReadAsync("/api/feeds/authors/old-writer-0")).Ids);
        Assert.Equal(["many"], (await ReadAsync("/api/feeds/tags/new-7")).Ids);
        Assert.Equal(["many"], (await ReadAsync("/api/feeds/authors/new-writer-3")).Ids);

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var delete = await app.SendAsync(HttpMethod.Delete, "/api/articles/many"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Single(XDocument.Parse((await ReadAsync("/api/feeds/authors/new-writer-3")).Atom).Root!.Elements(Tombstones + "deleted-entry"));
        Assert.Single(XDocument.Parse((await ReadAsync("/api/feeds/tags/new-0")).Atom).Root!.Elements(Tombstones + "deleted-entry"));
    }

    [Fact]
    public async Task TagFeed_LargeArticle_ServedWhole()
    {
        // Too large to be copied into every tag feed's row: those rows name it, and the feed reads it from its own row.
        var random = new Random(7);
        var words = string.Join(' ', Enumerable.Range(0, 14_000).Select(_ => new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + random.Next(26)))])));
        await PostAsync(Article("large-one", "Large one", app.Clock.GetUtcNow().AddMinutes(-1), ["Large Tag"], ["Large Author"], words + " THE-END"));

        foreach (var feed in new[] { "/api/feeds/tags/large-tag", "/api/feeds/authors/large-author" })
        {
            var view = await ReadAsync(feed);
            Assert.Equal(["large-one"], view.Ids);
            Assert.Contains("THE-END", view.Rss, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TagFeed_BrowserCompressionAndHub_AsEveryFeed()
    {
        await PostAsync(Article("browsed", "Browsed story", app.Clock.GetUtcNow().AddMinutes(-1), ["Browsing"], ["Ann Browser"]));

        // A browser gets a readable page about the feed; a feed reader the feed; both vary by Accept.
        var page = await GetHtmlAsync("/api/feeds/tags/browsing/rss");
        Assert.Contains("Browsed story", page, StringComparison.Ordinal);
        Assert.Contains("tagged Browsing", page, StringComparison.Ordinal);

        using var compressed = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/authors/ann-browser/atom");
        compressed.Headers.AcceptEncoding.ParseAdd("br");
        using var brotli = await app.Client.SendAsync(compressed);
        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", brotli.Headers.Vary);
        Assert.Contains("Accept", brotli.Headers.Vary);
        Assert.Contains("Browsed story", System.Text.Encoding.UTF8.GetString(ContentCodings.Decompress(await brotli.Content.ReadAsByteArrayAsync(), "br")), StringComparison.Ordinal);

        // WebSub discovery: the hub and the feed's canonical URL as its topic, in the headers and the document.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var response = await app.Client.SendAsync(new HttpRequestMessage(method, "/api/feeds/tags/browsing/atom?limit=3"));
            var link = string.Join(", ", response.Headers.GetValues("Link"));
            Assert.Contains($"<{new Uri(app.Client.BaseAddress!, "/api/hub")}>; rel=\"hub\"", link, StringComparison.Ordinal);
            Assert.Contains($"<{new Uri(app.Client.BaseAddress!, "/api/feeds/tags/browsing/atom")}>; rel=\"self\"", link, StringComparison.Ordinal);
        }

        var atom = XDocument.Parse(await app.Client.GetStringAsync("/api/feeds/tags/browsing/atom"));
        Assert.Contains(atom.Root!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "hub");
    }

    [Fact]
    public async Task SectionNamedTags_KeepsItsOwnFeed()
    {
        // Four segments are a section's feed, five a tag's: a section called "Tags" never meets a tag feed.
        await PostAsync(Article("in-tags-section", "Section called tags", app.Clock.GetUtcNow().AddMinutes(-1), ["Rss"], [], section: "Tags"));

        Assert.Equal(["in-tags-section"], (await ReadAsync("/api/feeds/tags")).Ids);
        Assert.Contains("SyndicationFunctions: Tags", await app.Client.GetStringAsync("/api/feeds/tags/atom"), StringComparison.Ordinal);
        Assert.Contains("SyndicationFunctions: tagged Rss", await app.Client.GetStringAsync("/api/feeds/tags/rss/atom"), StringComparison.Ordinal);
    }

    private static string Article(string id, string title, DateTimeOffset published, string[] tags, string[] authors, string body = "The body.", string section = "World")
        => JsonSerializer.Serialize(new
        {
            id,
            title,
            summary = $"About {title}.",
            contentText = body,
            published = published.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            section,
            tags,
            authors = authors.Select(name => new { name }),
        });

    private async Task PostAsync(string json)
    {
        using var response = await app.PostAsync(json);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> GetHtmlAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<string>> WalkAsync(string first, Func<string, string?> next)
    {
        var ids = new List<string>();
        for (var url = first; url is not null;)
        {
            var body = await app.Client.GetStringAsync(url);
            ids.AddRange(body.StartsWith('{')
                ? JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => IdOf(i.GetProperty("id").GetString()!))
                : XDocument.Parse(body).Descendants().Where(e => e.Name == "guid" || e.Name == Atom + "id" && e.Parent!.Name == Atom + "entry").Select(e => IdOf(e.Value)));
            url = next(body);
            Assert.True(ids.Count <= 10, "paging ends");
        }

        return ids;
    }

    /// <summary>The validators of each feed (every format) named by <paramref name="feeds"/>.</summary>
    private async Task<Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)>> ValidatorsAsync(params string[] feeds)
    {
        var validators = new Dictionary<string, (EntityTagHeaderValue, DateTimeOffset?)>();
        foreach (var path in feeds.SelectMany(f => Formats.Select(format => $"{f}/{format}")))
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            validators[path] = (response.Headers.ETag!, response.Content.Headers.LastModified);
        }

        return validators;
    }

    /// <summary>Each feed answers its previous validators with 200 when it is in <paramref name="changed"/>, else 304.</summary>
    private async Task<Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)>> AssertConditionalAsync(
        Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)> previous, string[] changed)
    {
        foreach (var (path, (etag, lastModified)) in previous)
        {
            var expected = changed.Any(c => path.StartsWith(c + "/", StringComparison.Ordinal)) ? HttpStatusCode.OK : HttpStatusCode.NotModified;
            using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
            byTag.Headers.IfNoneMatch.Add(etag);
            using var tagged = await app.Client.SendAsync(byTag);
            Assert.True(expected == tagged.StatusCode, $"{path}: If-None-Match gave {(int)tagged.StatusCode}");
            if (expected == HttpStatusCode.NotModified)
            {
                Assert.Empty(await tagged.Content.ReadAsByteArrayAsync());
            }

            using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
            byDate.Headers.IfModifiedSince = lastModified;
            using var dated = await app.Client.SendAsync(byDate);
            Assert.True(expected == dated.StatusCode, $"{path}: If-Modified-Since gave {(int)dated.StatusCode}");
        }

        return await ValidatorsAsync([.. previous.Keys.Select(k => k[..k.LastIndexOf('/')]).Distinct()]);
    }

    /// <summary>The feed in its three formats, which must list the same articles.</summary>
    private async Task<FeedView> ReadAsync(string feed)
    {
        var rss = await app.Client.GetStringAsync(feed + "/rss");
        var atom = await app.Client.GetStringAsync(feed + "/atom");
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync(feed + "/json"));

        // Independent of the writers' own library: CodeHollow.FeedReader parses both XML formats.
        Assert.NotNull(CodeHollow.FeedReader.FeedReader.ReadFromString(rss));
        Assert.NotNull(CodeHollow.FeedReader.FeedReader.ReadFromString(atom));

        var rssIds = XDocument.Parse(rss).Descendants("item").Select(i => IdOf(i.Element("guid")!.Value)).ToList();
        var atomIds = XDocument.Parse(atom).Root!.Elements(Atom + "entry").Select(e => IdOf(e.Element(Atom + "id")!.Value)).ToList();
        var jsonIds = json.RootElement.GetProperty("items").EnumerateArray().Select(i => IdOf(i.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(rssIds, atomIds);
        Assert.Equal(rssIds, jsonIds);
        return new FeedView(rss, atom, rssIds, XDocument.Parse(atom).Root!.Element(Atom + "title")!.Value);
    }

    private static readonly string[] KnownIds =
        ["t-first", "t-late", "t-embargoed", "slugged", "many", "accent-1", "accent-2", "accent-3", "large-one", "browsed", "in-tags-section", .. Enumerable.Range(0, 5).Select(i => $"paged-{i}")];

    private static string IdOf(string entryId) => KnownIds.Single(id => FeedIds.ForArticle(id) == entryId);

    private sealed record FeedView(string Rss, string Atom, List<string> Ids, string AtomTitle)
    {
        public string RssPubDate(string id)
            => XDocument.Parse(Rss).Descendants("item").Single(i => i.Element("guid")!.Value == FeedIds.ForArticle(id)).Element("pubDate")!.Value;

        public DateTimeOffset AtomUpdated(string id) => DateTimeOffset.Parse(Entry(id).Element(TagAndAuthorFeedTests.Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        public DateTimeOffset AtomPublished(string id) => DateTimeOffset.Parse(Entry(id).Element(TagAndAuthorFeedTests.Atom + "published")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        private XElement Entry(string id)
            => XDocument.Parse(Atom).Root!.Elements(TagAndAuthorFeedTests.Atom + "entry").Single(e => e.Element(TagAndAuthorFeedTests.Atom + "id")!.Value == FeedIds.ForArticle(id));
    }
}
