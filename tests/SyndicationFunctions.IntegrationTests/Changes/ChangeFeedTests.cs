using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;

namespace SyndicationFunctions.IntegrationTests.Changes;

public sealed class ChangeFeedTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ThreeInstancesWrite300Changes_PollerGetsEachExactlyOnceAndCountsAreExact()
    {
        // Three app instances on one storage account, as Flex Consumption scales out.
        var settings = new Dictionary<string, string?>
        {
            ["ArticleStorage"] = app.Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        };
        await using var second = await SyndicationLocalHost.StartAsync(settings);
        await using var third = await SyndicationLocalHost.StartAsync(settings);
        var clients = new[] { app.Client, second.CreateClient(), third.CreateClient() };

        // 100 per instance: 70 new articles and 30 corrections of them.
        var expected = new ConcurrentBag<(string Kind, string Id)>();
        using var stop = new CancellationTokenSource();
        var seen = new List<(long Sequence, string Kind, string Id)>();
        var poller = Task.Run(async () =>
        {
            string? cursor = null;
            while (true)
            {
                var done = stop.IsCancellationRequested;
                using var json = JsonDocument.Parse(await app.Client.GetStringAsync(cursor is null ? "/api/changes?limit=37" : $"/api/changes?limit=37&cursor={cursor}"));
                var page = json.RootElement.GetProperty("changes").EnumerateArray()
                    .Select(c => (c.GetProperty("sequence").GetInt64(), c.GetProperty("kind").GetString()!, c.GetProperty("id").GetString()!)).ToList();
                seen.AddRange(page);
                cursor = json.RootElement.GetProperty("next").GetString();
                if (done && page.Count == 0)
                {
                    return;
                }

                await Task.Delay(page.Count == 0 ? 20 : 0);
            }
        });

        await Task.WhenAll(clients.Select((client, instance) => Task.Run(async () =>
        {
            for (var i = 0; i < 70; i++)
            {
                var id = $"race-{instance}-{i:D2}";
                await SendUntilStoredAsync(client, HttpMethod.Post, "/api/articles", Body(id, "First take"), null);
                expected.Add(("published", id));
                if (i % 7 < 3)
                {
                    await SendUntilStoredAsync(client, HttpMethod.Put, $"/api/articles/{id}", Body(id, "Corrected"), "*");
                    expected.Add(("updated", id));
                }
            }
        })));
        stop.Cancel();
        await poller;

        Assert.Equal(300, expected.Count);
        Assert.Equal(seen.Count, seen.Select(c => c.Sequence).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(c => c.Sequence));
        Assert.Equal(expected.OrderBy(c => c.Id).ThenBy(c => c.Kind), seen.Select(c => (c.Kind, c.Id)).OrderBy(c => c.Id).ThenBy(c => c.Kind));
        foreach (var id in expected.Where(c => c.Kind == "updated").Select(c => c.Id))
        {
            Assert.True(seen.FindIndex(c => c.Id == id && c.Kind == "published") < seen.FindIndex(c => c.Id == id && c.Kind == "updated"));
        }

        using var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/api/summary"));
        Assert.Equal(210, summary.RootElement.GetProperty("totalArticles").GetInt32());
        Assert.Equal(210, summary.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "race").GetProperty("articleCount").GetInt32());
    }

    [Fact]
    public async Task EmptyPageAndMalformedCursor_CursorAlwaysAnd400()
    {
        using var first = JsonDocument.Parse(await app.Client.GetStringAsync("/api/changes?limit=100"));
        var next = first.RootElement.GetProperty("next").GetString();
        string? cursor = next;
        for (var guard = 0; guard < 100 && cursor is not null; guard++)
        {
            using var page = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/changes?limit=100&cursor={cursor}"));
            var nextCursor = page.RootElement.GetProperty("next").GetString();
            Assert.False(string.IsNullOrEmpty(nextCursor));
            if (page.RootElement.GetProperty("changes").GetArrayLength() == 0)
            {
                Assert.Equal(cursor, nextCursor);
                break;
            }

            cursor = nextCursor;
        }

        using var bad = await app.Client.GetAsync("/api/changes?cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ConditionalGetAndHead_LikeTheFeeds()
    {
        using var created = await app.PostArticleAsync("""{"id":"cond-change","title":"Conditional","contentText":"x","published":"2025-06-01T08:00:00Z","section":"World"}""", "application/json");
        using var first = await app.Client.GetAsync("/api/changes");
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/changes"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/changes");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await app.Client.SendAsync(conditional);

        Assert.Equal(first.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    private static string Body(string id, string title)
        => $$"""{"id":"{{id}}","title":"{{title}} {{id}}","contentText":"{{title}}.","published":"2025-06-01T08:00:00Z","section":"Race"}""";

    /// <summary>A publisher's client: a 503 (storage busy) is answered by trying again after Retry-After.</summary>
    private static async Task SendUntilStoredAsync(HttpClient client, HttpMethod method, string path, string json, string? ifMatch)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = KeyedRequest.Create(method, path, json, ifMatch);
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }

            await Task.Delay(200);
        }
    }
}
