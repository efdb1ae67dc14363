using System.Text.Json;
using System.Xml.Linq;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Articles;

/// <summary>One display name per section slug, in the feeds, the summary and the article JSON, whatever spelling arrives.</summary>
public sealed class SectionNameTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task SectionSpelledThreeWays_OneNameEverywhere()
    {
        var now = app.Clock.GetUtcNow();
        foreach (var (id, section) in new[] { ("caps", "WORLD"), ("mixed", "World"), ("lower", "world") })
        {
            using var posted = await app.PostAsync(ClockedApp.Article(id, $"Story {id}", now.AddHours(-1), section));
            Assert.True(posted.IsSuccessStatusCode);
        }

        var rss = XDocument.Parse(await app.Client.GetStringAsync("/api/feeds/world/rss"));
        using var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/api/summary"));
        using var article = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/lower"));

        Assert.All(rss.Descendants("item"), item => Assert.Contains(item.Elements("category"), c => c.Value == "World"));
        Assert.DoesNotContain(rss.Descendants("category"), c => c.Value is "WORLD" or "world");
        var world = summary.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "world");
        Assert.Equal("World", world.GetProperty("name").GetString());
        Assert.Equal(3, world.GetProperty("articleCount").GetInt32());
        Assert.Equal("World", article.RootElement.GetProperty("section").GetProperty("name").GetString());
    }

    [Fact]
    public async Task FirstMixedCaseName_KeptAgainstLaterSpellings()
    {
        var now = app.Clock.GetUtcNow();
        using var first = await app.PostAsync(ClockedApp.Article("tr-1", "Ankara", now.AddHours(-2), "Türkiye"));
        using var second = await app.PostAsync(ClockedApp.Article("tr-2", "İzmir", now.AddHours(-1), "TÜRKİYE"));

        using var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/api/summary"));
        var turkiye = summary.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "turkiye");
        Assert.Equal("Türkiye", turkiye.GetProperty("name").GetString());
        Assert.Contains("<category domain=\"", await app.Client.GetStringAsync("/api/feeds/turkiye/rss"), StringComparison.Ordinal);
        Assert.DoesNotContain("TÜRKİYE", await app.Client.GetStringAsync("/api/feeds/turkiye/atom"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinnedName_WinsEverywhereEvenOverStoredArticles()
    {
        var now = app.Clock.GetUtcNow();
        using var stored = await app.PostAsync(ClockedApp.Article("pin-1", "Pinned story", now.AddHours(-1), "Sport"));
        await using var pinned = await app.StartHostAsync(new Dictionary<string, string?> { ["Syndication:Sections:sport"] = "Sport & Games" });
        using var client = pinned.CreateClient();

        using var summary = JsonDocument.Parse(await client.GetStringAsync("/api/summary"));
        using var article = JsonDocument.Parse(await client.GetStringAsync("/api/articles/pin-1"));
        var atom = await client.GetStringAsync("/api/feeds/sport/atom");

        Assert.Equal("Sport & Games", summary.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "sport").GetProperty("name").GetString());
        Assert.Equal("Sport & Games", article.RootElement.GetProperty("section").GetProperty("name").GetString());
        Assert.Contains("label=\"Sport &amp; Games\"", atom, StringComparison.Ordinal);
        Assert.Contains("<title type=\"text\">SyndicationFunctions: Sport &amp; Games</title>", atom, StringComparison.Ordinal);
    }
}
