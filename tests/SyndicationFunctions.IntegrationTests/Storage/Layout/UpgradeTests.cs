using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Storage.Layout;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Storage.Layout;

/// <summary>
/// Upgrades data written by earlier releases, built from git history (<see cref="PreviousRelease"/>): the old release
/// writes a rich data set into Azurite and is stopped; today's app starts on the same Azurite and must serve the same.
/// </summary>
public sealed class UpgradeTests
{
    private const string PublicBaseUrl = "http://news.example";

    private static readonly string[] NewsTag = ["news"];

    private static readonly Dictionary<string, string> SharedSettings = new()
    {
        ["Syndication__PublicBaseUrl"] = PublicBaseUrl,
        ["Syndication__Sections__culture"] = "Arts and Culture",
    };

    [Theory]
    [InlineData(PreviousRelease.UnversionedLayout)]
    [InlineData(PreviousRelease.SinglePartitionLayout)]
    public async Task Upgrade_FromLayout2_ServesTheSameAndContinuesTheChangeFeed(string commit)
    {
        var release = await PreviousRelease.BuildAsync(commit);
        await using var azurite = await AzuriteProcess.StartAsync();
        var scheduledAt = DateTimeOffset.UtcNow.AddMinutes(10);
        string cursor;
        long lastSequence;
        Dictionary<string, Captured> before;
        var ids = new List<string>();
        await using (var old = await release.StartAsync(azurite.ConnectionString, SharedSettings))
        {
            ids.AddRange(await WriteCommonDataAsync(old.Client));

            // Withdrawn and re-published; a scheduled article.
            ids.Add(await PostAsync(old.Client, Json("republished", "Back again", "2025-06-03T09:00:00Z", "World", "First text.")));
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(old.Client, HttpMethod.Delete, "/api/articles/republished")).StatusCode);
            await PostAsync(old.Client, Json("republished", "Back again", "2025-06-03T09:00:00Z", "World", "Second text."));
            await PostAsync(old.Client, Json("scheduled", "Embargoed", scheduledAt.ToString("O"), "World", "Not yet."));

            var changes = await GetJsonAsync(old.Client, "/api/changes?limit=100");
            cursor = changes["next"]!.GetValue<string>();
            lastSequence = changes["changes"]!.AsArray().Max(c => c!["sequence"]!.GetValue<long>());
            before = await CaptureAsync(old.Client, ids);
        }

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartTodayAsync(azurite.ConnectionString, clock);
        using var client = app.CreateClient();
        await WaitForLayoutAsync(client);

        var after = await CaptureAsync(client, ids);
        foreach (var (path, was) in before)
        {
            var now = after[path];
            Assert.True(was.Status == now.Status, $"{path}: {was.Status} before, {now.Status} after");

            // What a reader reads survives whole: every item, tombstone and article field, in the same order. Where this
            // release renders a representation differently (the lead figure in feed content, hub links), its bytes and so
            // its validator change once; where the bytes are the same, the validator must be too, so no poller refetches.
            Assert.True(Reads(was.Body) == Reads(now.Body), $"{path} reads differently: {Difference(Reads(was.Body), Reads(now.Body))}");
            // Layout 3's feed validators hash the rows' content instead of their storage ETags, so feed validators move
            // once on the upgrade from layout 2 (each poller refetches each feed once); an article's stays.
            if (was.Body == now.Body && (path.StartsWith("/api/articles/", StringComparison.Ordinal) || commit != PreviousRelease.SinglePartitionLayout))
            {
                Assert.True(was.ETag == now.ETag, $"{path}: ETag {was.ETag} before, {now.ETag} after, for the same bytes");
            }
        }

        // The cursor taken before the upgrade continues with the next sequence, no gap, no repeat.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(client, HttpMethod.Post, "/api/articles", Json("after-upgrade", "After the upgrade", "2025-06-05T09:00:00Z", "World", "New."))).StatusCode);
        var next = await GetJsonAsync(client, "/api/changes?cursor=" + Uri.EscapeDataString(cursor));
        var fresh = next["changes"]!.AsArray();
        Assert.Single(fresh);
        Assert.Equal(lastSequence + 1, fresh[0]!["sequence"]!.GetValue<long>());
        Assert.Equal("after-upgrade", fresh[0]!["id"]!.GetValue<string>());

        // The scheduled article publishes at its time, with no write.
        Assert.DoesNotContain("Embargoed", await client.GetStringAsync("/api/feeds/rss"));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("Embargoed", await client.GetStringAsync("/api/feeds/rss"));
        var promoted = (await GetJsonAsync(client, "/api/changes?cursor=" + Uri.EscapeDataString(next["next"]!.GetValue<string>())))["changes"]!.AsArray();
        Assert.Equal(["scheduled"], promoted.Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(lastSequence + 2, promoted[0]!["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upgrade_FromArticlesTableLayout_MigratesEverythingAfterACrashAndWithTwoInstances()
    {
        var release = await PreviousRelease.BuildAsync(PreviousRelease.ArticlesTableLayout);
        await using var azurite = await AzuriteProcess.StartAsync();
        Dictionary<string, Captured> before;
        var ids = new List<string>();
        await using (var old = await release.StartAsync(azurite.ConnectionString, SharedSettings))
        {
            try
            {
                // That release asks Blob Storage for a service version the pinned Azurite does not serve (it predates the pin),
                // so it cannot store a body in a blob here; layout 1 and 2 share the blob format, which the other test covers.
                ids.AddRange(await WriteCommonDataAsync(old.Client, withBlobBody: false));
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new InvalidOperationException(ex.Message + "\n" + old.Log, ex);
            }

            for (var i = 1; i <= 6; i++)
            {
                ids.Add(await PostAsync(old.Client, Json($"more-{i}", $"More news {i}", $"2025-05-2{i}T08:00:00Z", i % 2 == 0 ? "Business" : "world", $"Item {i}.")));
            }

            before = await CaptureAsync(old.Client, ids);
        }

        // A migration that crashes halfway (after a batch is written, before its checkpoint is saved) ...
        var settings = new Dictionary<string, string?> { ["ArticleStorage"] = azurite.ConnectionString, ["Syndication:PublicBaseUrl"] = PublicBaseUrl };
        await using (var services = AppServices.Build(settings))
        {
            var step = new CrashingStep(new ArticlesTableStep(services.GetRequiredService<StorageClients>(), services.GetRequiredService<IArticleArchive>(), TimeProvider.System) { BatchSize = 3 }, crashOnBatch: 2);
            // Its clock is behind, so the lease it leaves has already lapsed for the instances that follow.
            var crashing = new LayoutMigrator(services.GetRequiredService<StorageClients>(), [step], new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5)), NullLogger<LayoutMigrator>.Instance);
            await Assert.ThrowsAsync<IOException>(() => crashing.RunAsync(CancellationToken.None));
            Assert.True(crashing.Status.Migrating);
        }

        // ... then two instances start at once: one resumes from the checkpoint, the other waits and serves.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await StartTodayAsync(azurite.ConnectionString, clock, TimeProvider.System);
        await using var app2 = await StartTodayAsync(azurite.ConnectionString, clock, TimeProvider.System);
        using var client = app.CreateClient();
        await WaitForLayoutAsync(client);
        using var client2 = app2.CreateClient();
        await WaitForLayoutAsync(client2);

        var after = await CaptureAsync(client, ids);
        foreach (var (path, was) in before)
        {
            var now = after[path];
            Assert.True(was.Status == now.Status, $"{path}: {was.Status} before, {now.Status} after");
            if (path.StartsWith("/api/articles/", StringComparison.Ordinal) && was.Status == HttpStatusCode.OK)
            {
                // Layout 1 had no naming rule (it kept whatever spelling came last); today's rule names the section.
                Assert.True(JsonNode.DeepEquals(WithoutSectionName(was.Body), WithoutSectionName(now.Body)), $"{path} changed: {Difference(was.Body, now.Body)}");
            }
        }

        Assert.Equal("Türkiye", JsonNode.Parse(after["/api/articles/" + AppFixture.SeedId].Body)!["section"]!["name"]!.GetValue<string>());
        Assert.Equal("Arts and Culture", JsonNode.Parse(after["/api/articles/festival"].Body)!["section"]!["name"]!.GetValue<string>());

        // The listing: the same articles in the same order; the feeds: the same items, links and dates.
        Assert.Equal(Items(before["/api/articles?limit=100"].Body, withNames: false), Items(after["/api/articles?limit=100"].Body, withNames: false));
        Assert.Equal(FeedItems(before["/api/feeds/rss"].Body).Order(), FeedItems(after["/api/feeds/rss"].Body).Order());
        Assert.Equal(FeedItems(before["/api/feeds/world/rss"].Body).Order(), FeedItems(after["/api/feeds/world/rss"].Body).Order());

        // Every article entered the change feed once, in gapless sequence, whatever crashed or raced.
        var changes = (await GetJsonAsync(client, "/api/changes?limit=100"))["changes"]!.AsArray();
        var live = ids.Where(id => before["/api/articles/" + id].Status == HttpStatusCode.OK).Order().ToList();
        Assert.Equal(live, changes.Select(c => c!["id"]!.GetValue<string>()).Order());
        Assert.Equal(Enumerable.Range(1, live.Count).Select(i => (long)i), changes.Select(c => c!["sequence"]!.GetValue<long>()));
    }

    // ---- The data set both releases write ----

    /// <summary>Sections named from capitals and mixed case and pinned, a correction, a withdrawal, a body in blob storage.</summary>
    private static async Task<List<string>> WriteCommonDataAsync(HttpClient client, bool withBlobBody = true)
    {
        var ids = new List<string>
        {
            await PostAsync(client, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "seeds", AppFixture.SeedName)), "text/plain; charset=utf-8"),
            await PostAsync(client, Json("harbour", "Harbour reopens", "2025-06-01T08:00:00Z", "World", "Ships return.")),
            await PostAsync(client, Json("festival", "Festival returns", "2025-06-02T08:00:00Z", "Culture", "Music again.")),
            await PostAsync(client, Json("withdrawn", "A mistake", "2025-06-02T10:00:00Z", "World", "Wrong.")),
        };
        if (withBlobBody)
        {
            ids.Add(await PostAsync(client, Json("long-read", "A very long read", "2025-06-01T12:00:00Z", "Science", LongIncompressibleText())));
        }

        // A correction, then a withdrawal.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/articles", Json("harbour", "Harbour reopens", "2025-06-01T08:00:00Z", "World", "Ships return after repairs."))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/articles/withdrawn")).StatusCode);
        return ids;
    }

    /// <summary>About 950 KB that gzip cannot shrink below either layout's inline limit: the body goes to blob storage.</summary>
    private static string LongIncompressibleText()
    {
        var random = new Random(13);
        var bytes = new byte[700_000];
        random.NextBytes(bytes);
        var text = Convert.ToBase64String(bytes).Replace('+', 'x').Replace('/', 'y');
        var paragraphs = new StringBuilder();
        for (var i = 0; i < text.Length; i += 80)
        {
            paragraphs.Append(text, i, Math.Min(80, text.Length - i)).Append(' ');
        }

        return paragraphs.ToString();
    }

    private static string Json(string id, string title, string published, string section, string text)
        => JsonSerializer.Serialize(new { id, title, summary = title + ".", contentText = text, published, section, tags = NewsTag, authors = new[] { new { name = "A. Reporter" } } });

    // ---- What a reader sees ----

    private sealed record Captured(HttpStatusCode Status, string Body, string? ETag);

    private static async Task<Dictionary<string, Captured>> CaptureAsync(HttpClient client, IEnumerable<string> ids)
    {
        var paths = new List<string>
        {
            "/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", "/api/feeds/world/rss", "/api/feeds/culture/atom",
            "/api/articles?limit=100",
        };
        paths.AddRange(ids.Distinct().Select(id => "/api/articles/" + id));
        var captured = new Dictionary<string, Captured>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("application/json, application/rss+xml, application/atom+xml, application/feed+json");
            using var response = await client.SendAsync(request);
            captured[path] = new Captured(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString());
        }

        return captured;
    }

    /// <summary>Where two bodies part, with a little context (bodies hold a megabyte of text).</summary>
    private static string Difference(string was, string now)
    {
        var at = 0;
        while (at < was.Length && at < now.Length && was[at] == now[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 120);
        return $"at {at}:\n{was.Substring(from, Math.Min(was.Length - from, 240))}\n---\n{now.Substring(from, Math.Min(now.Length - from, 240))}";
    }

    private static List<string> Items(string listing, bool withNames = true)
        => JsonNode.Parse(listing)!["items"]!.AsArray()
            .Select(i => string.Join('|', i!["id"], i["title"], i["published"], i["updated"], i["url"], i["section"]!["slug"], withNames ? i["section"]!["name"] : null))
            .ToList();

    private static JsonNode WithoutSectionName(string article)
    {
        var node = JsonNode.Parse(article)!;
        node["section"]!.AsObject().Remove("name");
        return node;
    }

    /// <summary>
    /// What a reader takes from a body: an RSS item's guid, title, link and date; an Atom entry's id, title, dates and
    /// link, and each tombstone; a JSON Feed item's id, title, url and dates; any other JSON whole.
    /// </summary>
    private static string Reads(string body)
    {
        if (body.StartsWith('<'))
        {
            var document = System.Xml.Linq.XDocument.Parse(body);
            System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
            System.Xml.Linq.XNamespace tombstones = "http://purl.org/atompub/tombstones/1.0";
            var rss = document.Descendants("item")
                .Select(i => string.Join('|', (string?)i.Element("guid"), (string?)i.Element("title"), (string?)i.Element("link"), (string?)i.Element("pubDate")));
            var entries = document.Descendants(atom + "entry")
                .Select(e => string.Join('|', (string?)e.Element(atom + "id"), (string?)e.Element(atom + "title"), (string?)e.Element(atom + "published"),
                    (string?)e.Element(atom + "updated"), (string?)e.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")));
            var deleted = document.Descendants(tombstones + "deleted-entry").Select(d => $"deleted|{(string?)d.Attribute("ref")}|{(string?)d.Attribute("when")}");
            return string.Join('\n', rss.Concat(entries).Concat(deleted));
        }

        var json = JsonNode.Parse(body)!;
        if (json is JsonObject feed && feed["version"]?.GetValue<string>() is { } version && version.StartsWith("https://jsonfeed.org/", StringComparison.Ordinal))
        {
            return string.Join('\n', feed["items"]!.AsArray()
                .Select(i => string.Join('|', i!["id"], i["title"], i["url"], i["date_published"], i["date_modified"])));
        }

        return json.ToJsonString();
    }

    private static List<string> FeedItems(string rss)
        => System.Xml.Linq.XDocument.Parse(rss).Descendants("item")
            .Select(i => string.Join('|', (string?)i.Element("guid"), (string?)i.Element("title"), (string?)i.Element("link"), (string?)i.Element("pubDate")))
            .ToList();

    // ---- Plumbing ----

    private static Task<RunningLocalFunctionsHost> StartTodayAsync(string connectionString, FakeTimeProvider clock, TimeProvider? migrationClock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ArticleStorage"] = connectionString,
            [LocalFunctionsHost.FunctionKeySetting] = PreviousRelease.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        };
        foreach (var (name, value) in SharedSettings)
        {
            // Environment variables spell sections with "__"; configuration keys with ":".
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return SyndicationLocalHost.StartAsync(settings, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(clock);
            if (migrationClock is not null)
            {
                // The lease and the waits of the migration on the real clock, so a waiting instance polls.
                builder.Services.AddSingleton(sp => new LayoutMigrator(
                    sp.GetRequiredService<StorageClients>(), sp.GetServices<ILayoutStep>(), migrationClock,
                    sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LayoutMigrator>>()) { PollInterval = TimeSpan.FromMilliseconds(200) });
            }
        });
    }

    private static async Task WaitForLayoutAsync(HttpClient client)
    {
        Assert.True(await AppFixture.EventuallyAsync(async () =>
        {
            var health = await GetJsonAsync(client, "/api/health");
            return health["layout"]!["version"]?.GetValue<int>() == StoreLayout.CurrentVersion && !health["layout"]!["migrating"]!.GetValue<bool>();
        }, seconds: 60), "The layout migration did not finish within a minute.");
    }

    private static async Task<string> PostAsync(HttpClient client, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("x-functions-key", PreviousRelease.FunctionKey);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", PreviousRelease.FunctionKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
        => JsonNode.Parse(await client.GetStringAsync(path))!;

    /// <summary>A step that dies on its <paramref name="crashOnBatch"/>th batch after the batch's writes: a crash before the checkpoint is saved.</summary>
    private sealed class CrashingStep(ILayoutStep inner, int crashOnBatch) : ILayoutStep
    {
        private int _batches;

        public int From => inner.From;

        public Task<bool> FindsOldDataAsync(CancellationToken cancellationToken) => inner.FindsOldDataAsync(cancellationToken);

        public async Task<LayoutBatch> MigrateBatchAsync(string? checkpoint, CancellationToken cancellationToken)
        {
            var batch = await inner.MigrateBatchAsync(checkpoint, cancellationToken);
            return ++_batches == crashOnBatch ? throw new IOException("The instance died mid-migration.") : batch;
        }
    }
}
