using System.Net;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Http;

/// <summary>
/// The app's headers behind a real shared cache (Varnish, configured to follow them and nothing else), before
/// anyone relies on a CDN: readers polling through it never see an embargoed article early nor a correction
/// later than the max-age the app sent; browsers, feed readers and each content coding get their own copy
/// (Vary); and no forged Host or X-Forwarded-Host puts a foreign link into what the cache keeps.
/// </summary>
public sealed class SharedCacheTests(CachedApp app) : IClassFixture<CachedApp>
{
    private const string Foreign = "evil.example";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(150);

    private static string NewSection() => "cdn" + Guid.NewGuid().ToString("N")[..8];

    private static string NewId(string name) => $"2025-06-01-{name}-{Guid.NewGuid():N}"[..(19 + name.Length)];

    [Fact]
    public async Task Feed_EmbargoedArticle_NeverThroughTheCacheBeforeItsTimeAndSoonAfter()
    {
        var section = NewSection();
        await app.PublishAsync(NewId("already"), "Already out", section, DateTimeOffset.UtcNow.AddHours(-1));
        var now = DateTimeOffset.UtcNow;
        var published = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(5);
        var embargoed = NewId("embargoed");
        await app.PublishAsync(embargoed, "Embargoed until its time", section, published);
        using var reader = app.Reader();

        // A feed reader and a reader following the article's link, polling through the cache until both show it.
        DateTimeOffset? inFeed = null, atLink = null;
        var hitsBefore = 0;
        while ((inFeed is null || atLink is null) && DateTimeOffset.UtcNow < published + CachedApp.FeedMaxAge + TimeSpan.FromSeconds(2))
        {
            var feed = await CachedApp.GetAsync(reader, $"/api/feeds/{section}/rss", "application/rss+xml", "identity");
            var article = await CachedApp.GetAsync(reader, $"/api/articles/{embargoed}", "application/json", "identity");
            foreach (var (read, shows) in new[] { (feed, feed.Text.Contains(embargoed, StringComparison.Ordinal)), (article, article.Status == HttpStatusCode.OK) })
            {
                if (read.ReceivedAt < published)
                {
                    Assert.False(shows, $"the cache served the embargoed article at {read.ReceivedAt:HH:mm:ss.fff}, before {published:HH:mm:ss}");

                    // Every copy the cache stores before the embargo (each one a miss of ours: the section and id are
                    // this test's own) must be gone by the article's time.
                    if (read.WasHit)
                    {
                        hitsBefore++;
                    }
                    else
                    {
                        Assert.True(read.KeptAtMostUntil <= published + TimeSpan.FromMilliseconds(100),
                            $"a copy without the article, stored at {read.SentAt:HH:mm:ss.fff} with {read.Headers.CacheControl}, may be served until after {published:HH:mm:ss}");
                    }
                }
            }

            inFeed ??= feed.Text.Contains(embargoed, StringComparison.Ordinal) ? feed.ReceivedAt : null;
            atLink ??= article.Status == HttpStatusCode.OK ? article.ReceivedAt : null;
            await Task.Delay(Poll);
        }

        Assert.True(hitsBefore > 0, "the cache served nothing from its store before the embargo: the test proved nothing about caching");
        Assert.True(inFeed is not null && inFeed - published <= CachedApp.FeedMaxAge, $"the feed showed the article at {inFeed:HH:mm:ss.fff}, published {published:HH:mm:ss}");
        Assert.True(atLink is not null && atLink - published <= CachedApp.ArticleMaxAge, $"the article's link answered at {atLink:HH:mm:ss.fff}, published {published:HH:mm:ss}");
    }

    [Fact]
    public async Task Article_Correction_ThroughTheCacheNoLaterThanTheMaxAgeTheAppSent()
    {
        var section = NewSection();
        var id = NewId("corrected");
        var published = DateTimeOffset.UtcNow.AddMinutes(-5);
        var etag = await app.PublishAsync(id, "First version", section, published);
        using var reader = app.Reader();
        string[] paths = [$"/api/feeds/{section}/rss", $"/api/feeds/{section}/json", $"/api/articles/{id}"];

        // Each is in the cache (a second read is a hit) when the correction is written.
        var maxAges = new Dictionary<string, TimeSpan>();
        foreach (var path in paths)
        {
            await CachedApp.GetAsync(reader, path, acceptEncoding: "identity");
            var cached = await CachedApp.GetAsync(reader, path, acceptEncoding: "identity");
            Assert.True(cached.WasHit, $"{path} was not kept by the cache");
            Assert.Contains("First version", cached.Text, StringComparison.Ordinal);
            maxAges[path] = cached.Headers.CacheControl!.MaxAge!.Value;
        }

        await app.CorrectAsync(id, etag, "Corrected version", section, published);
        var written = DateTimeOffset.UtcNow;

        var firstSeen = new Dictionary<string, DateTimeOffset>();
        while (firstSeen.Count < paths.Length && DateTimeOffset.UtcNow < written + maxAges.Values.Max() + TimeSpan.FromSeconds(3))
        {
            foreach (var path in paths.Where(path => !firstSeen.ContainsKey(path)))
            {
                var read = await CachedApp.GetAsync(reader, path, acceptEncoding: "identity");
                if (read.Text.Contains("Corrected version", StringComparison.Ordinal))
                {
                    firstSeen[path] = read.ReceivedAt;
                }
            }

            await Task.Delay(Poll);
        }

        // The cached copies were stored before the write, so each is gone at most max-age after it
        // (plus a poll and the requests' own time).
        Assert.All(paths, path =>
        {
            Assert.True(firstSeen.ContainsKey(path), $"{path} never showed the correction through the cache");
            Assert.True(firstSeen[path] - written <= maxAges[path] + TimeSpan.FromSeconds(1.5),
                $"{path} showed the correction {(firstSeen[path] - written).TotalSeconds:0.00} s after the write; its max-age is {maxAges[path].TotalSeconds} s");
        });
    }

    [Fact]
    public async Task Articles_Listing_IsNeverKeptByTheCache()
    {
        var section = NewSection();
        await app.PublishAsync(NewId("first"), "First in the listing", section, DateTimeOffset.UtcNow.AddMinutes(-2));
        using var reader = app.Reader();
        var before = await CachedApp.GetAsync(reader, $"/api/articles?section={section}", acceptEncoding: "identity");
        Assert.Equal(HttpStatusCode.OK, before.Status);

        var second = NewId("second");
        await app.PublishAsync(second, "Second in the listing", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        var after = await CachedApp.GetAsync(reader, $"/api/articles?section={section}", acceptEncoding: "identity");

        // Without a Cache-Control of its own, Varnish would keep the listing two minutes, Front Door days.
        Assert.Contains(second, after.Text, StringComparison.Ordinal);
        Assert.False(after.WasHit);
        Assert.True(after.Headers.CacheControl?.NoCache, $"Cache-Control: {after.Headers.CacheControl}");
    }

    [Fact]
    public async Task Feed_BrowserAndFeedReaders_EachGetTheirOwnRepresentation()
    {
        var section = NewSection();
        await app.PublishAsync(NewId("negotiated"), "Negotiated", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var reader = app.Reader();
        var path = $"/api/feeds/{section}/rss";
        (string Accept, string MediaType)[] clients =
        [
            ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
            ("application/rss+xml", "application/rss+xml"),
            ("*/*", "application/rss+xml"),
            ("application/atom+xml, application/rss+xml;q=0.9, */*;q=0.1", "application/rss+xml"),
        ];

        // The browser asks first, so a cache that ignored Vary would hand its page to every feed reader after it.
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var (accept, mediaType) in clients)
            {
                var read = await CachedApp.GetAsync(reader, path, accept, "identity");
                Assert.Equal(HttpStatusCode.OK, read.Status);
                Assert.Equal(mediaType, read.MediaType);
                Assert.Contains("Accept", read.Headers.Vary);
                if (round == 2)
                {
                    Assert.True(read.WasHit, $"the second read with Accept: {accept} did not come from the cache");
                }
            }
        }

        // The article's link: a page for the browser, JSON for an API client.
        var id = NewId("linked");
        await app.PublishAsync(id, "Linked", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        var page = await CachedApp.GetAsync(reader, $"/api/articles/{id}", "text/html", "identity");
        var json = await CachedApp.GetAsync(reader, $"/api/articles/{id}", "application/json", "identity");
        Assert.Equal("text/html", page.MediaType);
        Assert.Equal("application/json", json.MediaType);
    }

    [Fact]
    public async Task FrontDoorRoute_IgnoringVaryAccept_StillGivesEachClientItsOwnRepresentation()
    {
        // Front Door keys on the URL and Accept-Encoding only; the Bicep's rule sends browsers past it.
        var section = NewSection();
        var id = NewId("edge");
        await app.PublishAsync(id, "At the edge", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var reader = app.Reader(cache: app.FrontDoorAddress);
        (string Path, string Accept, string MediaType, bool Cached)[] clients =
        [
            ($"/api/feeds/{section}/rss", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", false),
            ($"/api/feeds/{section}/rss", "application/rss+xml", "application/rss+xml", true),
            ($"/api/feeds/{section}/rss", "*/*", "application/rss+xml", true),
            ($"/api/feeds/{section}/rss", "application/xhtml+xml", "text/html", false),
            ($"/api/articles/{id}", "text/html", "text/html", false),
            ($"/api/articles/{id}", "application/json", "application/json", true),
            ($"/api/articles/{id}", "*/*", "application/json", true),
        ];

        foreach (var round in new[] { 1, 2 })
        {
            foreach (var (path, accept, mediaType, cached) in clients)
            {
                var read = await CachedApp.GetAsync(reader, path, accept, "gzip");
                Assert.Equal(HttpStatusCode.OK, read.Status);
                Assert.True(mediaType == read.MediaType, $"{path} with Accept: {accept} gave {read.MediaType} in round {round}");
                Assert.Equal("gzip", read.ContentEncoding);
                if (round == 2)
                {
                    Assert.Equal(cached, read.WasHit);
                }
            }
        }
    }

    [Fact]
    public async Task Feed_EachContentCoding_GetsItsOwnCopyThatDecodes()
    {
        var section = NewSection();
        await app.PublishAsync(NewId("coded"), "Coded", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var reader = app.Reader();
        var path = $"/api/feeds/{section}/atom";
        (string? AcceptEncoding, string? Coding)[] clients = [("br, gzip", "br"), ("gzip", "gzip"), ("identity", null), (null, null), ("gzip;q=1, br;q=0.5", "gzip")];

        var plain = (await CachedApp.GetAsync(app.Publisher, path, acceptEncoding: "identity")).Text;
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var (acceptEncoding, coding) in clients)
            {
                var read = await CachedApp.GetAsync(reader, path, "application/atom+xml", acceptEncoding);
                Assert.Equal(HttpStatusCode.OK, read.Status);
                Assert.Equal(coding, read.ContentEncoding);
                Assert.Contains("Accept-Encoding", read.Headers.Vary);
                Assert.Equal(plain, read.Text);
                if (round == 2)
                {
                    Assert.True(read.WasHit, $"the second read with Accept-Encoding: {acceptEncoding} did not come from the cache");
                }
            }
        }
    }

    public static TheoryData<string> Forgeries => ["Host", "X-Forwarded-Host", "Forwarded", "X-Original-Host", "absolute-form"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AnyCachedResponse_ForgedHost_NeverCarriesAForeignHost(string forgery)
    {
        var section = NewSection();
        var id = NewId("forged");
        await app.PublishAsync(id, "Forged", section, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var forger = forgery == "absolute-form"
            ? app.Reader(decompress: true, proxy: new WebProxy(app.CacheAddress))
            : app.Reader(decompress: true);
        using var reader = app.Reader(decompress: true);
        var forgedBase = forgery == "absolute-form" ? new Uri($"http://{Foreign}/") : app.CacheAddress;
        Action<HttpRequestMessage> forge = request =>
        {
            request.RequestUri = new Uri(forgedBase, request.RequestUri!.OriginalString);
            switch (forgery)
            {
                case "Host":
                    request.Headers.Host = Foreign;
                    break;
                case "X-Forwarded-Host":
                    request.Headers.TryAddWithoutValidation("X-Forwarded-Host", Foreign);
                    request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "http");
                    break;
                case "Forwarded":
                    request.Headers.TryAddWithoutValidation("Forwarded", $"for=192.0.2.1;host={Foreign};proto=http");
                    break;
                case "X-Original-Host":
                    request.Headers.TryAddWithoutValidation("X-Original-Host", Foreign);
                    request.Headers.TryAddWithoutValidation("X-Host", Foreign);
                    break;
            }
        };

        // Everything a reader may get through the cache that carries links, as a browser and as a feed reader.
        string[] paths =
        [
            "/", "/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", $"/api/feeds/{section}/rss", "/api/feeds.opml",
            $"/api/sections/{section}", $"/api/articles/{id}", "/api/summary", "/robots.txt", "/sitemap.xml", "/api/news-sitemap.xml",
            "/api/home", "/api/changes",
        ];
        foreach (var path in paths)
        {
            foreach (var accept in new[] { "text/html", "*/*" })
            {
                // The forged request goes first: whatever it leaves in the cache is what the next reader may get.
                var forged = await CachedApp.GetAsync(forger, path, accept, forge: forge);
                var normal = await CachedApp.GetAsync(reader, path, accept);
                foreach (var (who, read) in new[] { ("forged", forged), ("normal", normal) })
                {
                    var everything = string.Join('\n', read.Headers.Concat(read.ContentHeaders).Select(header => $"{header.Key}: {string.Join(", ", header.Value)}")) + "\n" + read.Text;
                    Assert.True(!everything.Contains(Foreign, StringComparison.OrdinalIgnoreCase), $"{who} read of {path} ({accept}) names {Foreign}:\n{everything}");
                }

                Assert.True((int)normal.Status < 400, $"{path} ({accept}): {normal.Status}");
                // Every answer but the JSON ones (an article, the change feed) links somewhere: to the public address.
                if (!path.StartsWith("/api/changes", StringComparison.Ordinal) && (path != $"/api/articles/{id}" || accept == "text/html"))
                {
                    Assert.True(
                        normal.Text.Contains(CachedApp.PublicBaseUrl, StringComparison.Ordinal) || (normal.Headers.Location?.OriginalString ?? "").StartsWith(CachedApp.PublicBaseUrl, StringComparison.Ordinal),
                        $"{path} ({accept}) carries no link to the public address at all:\n{normal.Text[..Math.Min(400, normal.Text.Length)]}");
                }
            }
        }
    }
}
