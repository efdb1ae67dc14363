using System.Net;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Summary;

public sealed class SummaryEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task GetSummary_AfterIngests_CountsSectionsLatestAndFeeds()
    {
        using var seed = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain");
        using var world = await app.PostArticleAsync(AppFixture.Seed("world-coastal-states-agree-fishing-quota-pact.txt"), "text/plain");
        using var again = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain");

        using var response = await app.Client.GetAsync("/api/summary");
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal(2, summary.GetProperty("totalArticles").GetInt32());
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 0, 0, 0, TimeSpan.Zero), summary.GetProperty("publishedRange").GetProperty("first").GetDateTimeOffset());
        var turkiye = summary.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "turkiye");
        Assert.Equal("Türkiye", turkiye.GetProperty("name").GetString());
        Assert.Equal(1, turkiye.GetProperty("articleCount").GetInt32());
        Assert.Equal(new Uri(app.BaseAddress, "/api/feeds/turkiye/atom").AbsoluteUri, turkiye.GetProperty("feeds").GetProperty("atom").GetString());
        var latest = summary.GetProperty("latest").EnumerateArray().ToList();
        Assert.Equal(2, latest.Count);
        Assert.True(latest[0].GetProperty("published").GetDateTimeOffset() >= latest[1].GetProperty("published").GetDateTimeOffset());
        Assert.Contains(latest, l => l.GetProperty("title").GetString() == AppFixture.SeedTitle && l.GetProperty("readingMinutes").GetInt32() == 2);
        Assert.Equal(new Uri(app.BaseAddress, "/api/feeds/rss").AbsoluteUri, summary.GetProperty("feeds").GetProperty("rss").GetString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await app.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }
}
