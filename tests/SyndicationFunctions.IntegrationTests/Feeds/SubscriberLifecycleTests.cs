using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

/// <summary>
/// The life of a subscriber, step by step on the app's own clock: a new article, a back-dated one, a correction
/// of an article outside the window, an embargoed one that comes due, a withdrawal, an unchanged re-delivery.
/// After each step every feed, the listing, the summary and the change feed say what the rules say, and the
/// previous validators get a 200 exactly when something public changed.
/// </summary>
public sealed class SubscriberLifecycleTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Tombstones = "http://purl.org/atompub/tombstones/1.0";
    private static readonly string[] NamedIds = ["first", "late", "embargoed"];
    private static readonly string[] Resources = ["/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", "/api/feeds/world/atom", "/api/summary"];

    [Fact]
    public async Task Subscriber_EveryStep_SeesExactlyWhatIsPublic()
    {
        var start = app.Clock.GetUtcNow();
        var changes = new ChangePoller(app.Client);

        // 1. A new article: at the top of every feed, in the listing, the summary and the change feed.
        await PostAsync(ClockedApp.Article("first", "First story", start.AddHours(-1)));
        var view = await ReadAsync();
        Assert.Equal("first", view.RssIds[0]);
        Assert.Equal(["first"], view.ListingIds);
        Assert.Equal(1, view.TotalArticles);
        Assert.Equal([("published", "first")], await changes.NextAsync());
        var validators = await ValidatorsAsync();

        // 2. A back-dated article arrives late: first in the feeds (a poller sees it), still dated in the past,
        //    and the listing keeps publication order.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await PostAsync(ClockedApp.Article("late", "Late arrival", start.AddDays(-30)));
        view = await ReadAsync();
        Assert.Equal(["late", "first"], view.RssIds[..2]);
        Assert.Equal(["late", "first"], view.AtomIds[..2]);
        Assert.Equal(["late", "first"], view.JsonIds[..2]);
        Assert.StartsWith(start.AddDays(-30).UtcDateTime.ToString("ddd, dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), view.RssPubDate("late"), StringComparison.Ordinal);
        Assert.Equal(["first", "late"], view.ListingIds);
        Assert.Equal(2, view.TotalArticles);
        Assert.Equal([("published", "late")], await changes.NextAsync());
        validators = await AssertConditionalAsync(validators, changed: true);

        // 3. Twenty more, so "first" leaves the 20-item window; then a correction of "first" brings it back on top.
        for (var i = 0; i < 20; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await PostAsync(ClockedApp.Article($"filler-{i:D2}", $"Filler {i}", start.AddMinutes(-30 + i)));
        }

        view = await ReadAsync();
        Assert.DoesNotContain("first", view.RssIds);
        Assert.Equal(20, (await changes.NextAsync()).Count);
        validators = await ValidatorsAsync();

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/articles/first")))
        {
            using var put = await app.SendAsync(HttpMethod.Put, "/api/articles/first",
                ClockedApp.Article("first", "First story, corrected", start.AddHours(-1), body: "The corrected body."), head.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        view = await ReadAsync();
        Assert.Equal("first", view.RssIds[0]);
        Assert.Equal("first", view.JsonIds[0]);
        Assert.Equal("first", view.AtomIds[0]);
        Assert.Contains("The corrected body.", view.Rss, StringComparison.Ordinal);
        Assert.StartsWith(start.AddHours(-1).UtcDateTime.ToString("ddd, dd MMM yyyy HH", System.Globalization.CultureInfo.InvariantCulture), view.RssPubDate("first"), StringComparison.Ordinal);
        Assert.True(view.AtomUpdated("first") > view.AtomPublished("first"), "Atom says when it changed");
        Assert.Equal([("updated", "first")], await changes.NextAsync());
        validators = await AssertConditionalAsync(validators, changed: true);

        // 4. An embargoed article due 5 seconds from now: invisible everywhere, and nothing public changed...
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = app.Clock.GetUtcNow().AddSeconds(5);
        await PostAsync(ClockedApp.Article("embargoed", "Embargoed story", due));
        view = await ReadAsync();
        Assert.DoesNotContain("embargoed", view.RssIds.Concat(view.AtomIds).Concat(view.JsonIds).Concat(view.ListingIds));
        Assert.Equal(22, view.TotalArticles);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/articles/embargoed")).StatusCode);
        Assert.Empty(await changes.NextAsync());
        validators = await AssertConditionalAsync(validators, changed: false);
        using (var rss = await app.Client.GetAsync("/api/feeds/rss"))
        {
            Assert.InRange(rss.Headers.CacheControl!.MaxAge!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }

        using (var scheduled = await app.SendAsync(HttpMethod.Get, "/api/scheduled"))
        {
            Assert.Contains("embargoed", await scheduled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // ...until its time, when it is public with no write at all.
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        view = await ReadAsync();
        Assert.Equal("embargoed", view.RssIds[0]);
        Assert.Equal("embargoed", view.AtomIds[0]);
        Assert.Equal("embargoed", view.JsonIds[0]);
        Assert.Equal("embargoed", view.ListingIds[0]);
        Assert.Equal(23, view.TotalArticles);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/articles/embargoed")).StatusCode);
        Assert.Equal([("published", "embargoed")], await changes.NextAsync());
        validators = await AssertConditionalAsync(validators, changed: true);

        // 5. A withdrawal: 410 at its URL, a tombstone in Atom, gone from RSS and JSON Feed, a withdrawn change.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var delete = await app.SendAsync(HttpMethod.Delete, "/api/articles/late"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        view = await ReadAsync();
        Assert.Equal(HttpStatusCode.Gone, (await app.Client.GetAsync("/api/articles/late")).StatusCode);
        Assert.DoesNotContain("late", view.RssIds.Concat(view.JsonIds).Concat(view.AtomIds).Concat(view.ListingIds));
        var tombstone = Assert.Single(XDocument.Parse(view.Atom).Root!.Elements(Tombstones + "deleted-entry"));
        Assert.Equal(FeedIds.ForArticle("late"), tombstone.Attribute("ref")!.Value);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), tombstone.Attribute("when")!.Value);
        Assert.Equal(22, view.TotalArticles);
        Assert.Equal([("withdrawn", "late")], await changes.NextAsync());
        Assert.False(changes.Last!.Value.GetProperty("changes")[0].TryGetProperty("article", out _), "a withdrawal carries no article");
        validators = await AssertConditionalAsync(validators, changed: true);

        // 6. The same article delivered again: nothing moves, every validator still holds.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var again = await app.PostAsync(ClockedApp.Article("filler-05", "Filler 5", start.AddMinutes(-25))))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Empty(await changes.NextAsync());
        await AssertConditionalAsync(validators, changed: false);

        // The withdrawn id may be published again.
        using (var back = await app.PostAsync(ClockedApp.Article("late", "Late arrival, back", start.AddDays(-30))))
        {
            Assert.Equal(HttpStatusCode.Created, back.StatusCode);
        }

        view = await ReadAsync();
        Assert.Equal("late", view.RssIds[0]);
        Assert.Empty(XDocument.Parse(view.Atom).Root!.Elements(Tombstones + "deleted-entry"));
        Assert.Equal([("published", "late")], await changes.NextAsync());
    }

    private async Task PostAsync(string json)
    {
        using var response = await app.PostAsync(json);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)>> ValidatorsAsync()
    {
        var validators = new Dictionary<string, (EntityTagHeaderValue, DateTimeOffset?)>();
        foreach (var path in Resources)
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            validators[path] = (response.Headers.ETag!, response.Content.Headers.LastModified);
        }

        return validators;
    }

    /// <summary>Every resource answers the previous validators with 200 when <paramref name="changed"/>, else 304; returns the current ones.</summary>
    private async Task<Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)>> AssertConditionalAsync(
        Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified)> previous, bool changed)
    {
        foreach (var (path, (etag, lastModified)) in previous)
        {
            using var byTag = new HttpRequestMessage(HttpMethod.Get, path);
            byTag.Headers.IfNoneMatch.Add(etag);
            using var tagged = await app.Client.SendAsync(byTag);
            Assert.True((changed ? HttpStatusCode.OK : HttpStatusCode.NotModified) == tagged.StatusCode, $"{path}: If-None-Match gave {(int)tagged.StatusCode}");

            using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
            byDate.Headers.IfModifiedSince = lastModified;
            using var dated = await app.Client.SendAsync(byDate);
            Assert.True((changed ? HttpStatusCode.OK : HttpStatusCode.NotModified) == dated.StatusCode, $"{path}: If-Modified-Since gave {(int)dated.StatusCode}");
        }

        return await ValidatorsAsync();
    }

    private async Task<FeedView> ReadAsync()
    {
        var rss = await app.Client.GetStringAsync("/api/feeds/rss");
        var atom = await app.Client.GetStringAsync("/api/feeds/atom");
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/json"));
        using var listing = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles?limit=100"));
        using var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/api/summary"));

        // Independent of the writers' own library: CodeHollow.FeedReader parses every format.
        Assert.NotNull(CodeHollow.FeedReader.FeedReader.ReadFromString(rss));
        Assert.NotNull(CodeHollow.FeedReader.FeedReader.ReadFromString(atom));

        var ids = IdsByEntryId();
        return new FeedView(
            rss,
            atom,
            XDocument.Parse(rss).Descendants("item").Select(i => ids[i.Element("guid")!.Value]).ToList(),
            XDocument.Parse(atom).Root!.Elements(Atom + "entry").Select(e => ids[e.Element(Atom + "id")!.Value]).ToList(),
            json.RootElement.GetProperty("items").EnumerateArray().Select(i => ids[i.GetProperty("id").GetString()!]).ToList(),
            listing.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList(),
            summary.RootElement.GetProperty("totalArticles").GetInt32());
    }

    private static Dictionary<string, string> IdsByEntryId()
    {
        var ids = NamedIds.Concat(Enumerable.Range(0, 20).Select(i => $"filler-{i:D2}"));
        return ids.ToDictionary(FeedIds.ForArticle, id => id);
    }

    private sealed record FeedView(string Rss, string Atom, List<string> RssIds, List<string> AtomIds, List<string> JsonIds, List<string> ListingIds, int TotalArticles)
    {
        public string RssPubDate(string id)
            => XDocument.Parse(Rss).Descendants("item").Single(i => i.Element("guid")!.Value == FeedIds.ForArticle(id)).Element("pubDate")!.Value;

        public DateTimeOffset AtomUpdated(string id) => DateTimeOffset.Parse(Entry(id).Element(SubscriberLifecycleTests.Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        public DateTimeOffset AtomPublished(string id) => DateTimeOffset.Parse(Entry(id).Element(SubscriberLifecycleTests.Atom + "published")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        private XElement Entry(string id)
            => XDocument.Parse(Atom).Root!.Elements(SubscriberLifecycleTests.Atom + "entry").Single(e => e.Element(SubscriberLifecycleTests.Atom + "id")!.Value == FeedIds.ForArticle(id));
    }

    /// <summary>A partner following <c>/api/changes</c> by its cursors.</summary>
    private sealed class ChangePoller(HttpClient client)
    {
        private string? _cursor;

        public JsonElement? Last { get; private set; }

        public async Task<List<(string Kind, string Id)>> NextAsync()
        {
            using var response = await client.GetAsync(_cursor is null ? "/api/changes" : $"/api/changes?cursor={_cursor}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Last = json.RootElement.Clone();
            _cursor = json.RootElement.GetProperty("next").GetString();
            Assert.False(string.IsNullOrEmpty(_cursor));
            return json.RootElement.GetProperty("changes").EnumerateArray()
                .Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("id").GetString()!))
                .ToList();
        }
    }
}
