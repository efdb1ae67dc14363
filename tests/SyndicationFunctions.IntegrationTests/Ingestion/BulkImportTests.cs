using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.IntegrationTests.Ingestion;

/// <summary>Imports past the old 100-item limit: a many-chunk .ndjson file through the inbox, and a batch over HTTP.</summary>
public sealed class BulkImportTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Json(string id, string title, string section) =>
        $$"""{"id":"{{id}}","title":"{{title}}","summary":"Short.","contentText":"Body of {{id}}.","published":"2025-06-01T10:00:00Z","section":"{{section}}"}""";

    private BlobContainerClient Container(string name) => app.Blobs.GetBlobContainerClient(name);

    private async Task<bool> ExistsAsync(string container, string name) => (await Container(container).GetBlobClient(name).ExistsAsync()).Value;

    private async Task<HttpResponseMessage> PostBatchAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles/batch") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson");
        request.Headers.Add("x-functions-key", AppFixture.FunctionKey);
        return await app.Client.SendAsync(request);
    }

    /// <summary>Every change from the start of the change feed, following <c>next</c> until a page comes back empty.</summary>
    private async Task<List<(string Kind, string Id)>> AllChangesAsync()
    {
        var changes = new List<(string, string)>();
        string? cursor = null;
        while (true)
        {
            using var page = JsonDocument.Parse(await app.Client.GetStringAsync(cursor is null ? "/api/changes?limit=100" : $"/api/changes?limit=100&cursor={cursor}"));
            var items = page.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes.AddRange(items.Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("id").GetString()!)));
            cursor = page.RootElement.GetProperty("next").GetString();
            if (items.Count == 0)
                return changes;
        }
    }

    [Fact]
    public async Task Inbox_NdjsonFileOfSeveralChunks_EveryLineReportedStoredOnceAndUnchangedWhenDroppedAgain()
    {
        // More lines than one chunk of the reader. (Kept well under an archive slice: each line is a write of the
        // store's, and a re-delivered one a read, and this suite runs on shared machines.)
        const int Lines = 600;
        const string Name = "archive/slice-1.ndjson";
        // Lines 300 and 600 are invalid (no section): one in each chunk.
        var content = string.Join('\n', Enumerable.Range(1, Lines).Select(line => line % 300 == 0
            ? $$"""{"id":"slice-{{line}}","title":"No section","contentText":"x"}"""
            : Json($"slice-{line}", $"Slice article {line}", "Slices")));
        Assert.True(Lines > InboxLimits.ChunkLines);
        var inbox = Container(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync();
        var report = Container(StorageNames.RejectedContainer).GetBlobClient(Name + ".error.json");

        for (var drop = 1; drop <= 2; drop++)
        {
            await inbox.GetBlobClient(Name).UploadAsync(BinaryData.FromString(content), overwrite: true);
            Assert.True(await AppFixture.EventuallyAsync(async () =>
                !await ExistsAsync(StorageNames.InboxContainer, Name) && await report.ExistsAsync(), seconds: 300), $"drop {drop}");

            using var json = JsonDocument.Parse((await report.DownloadContentAsync()).Value.Content.ToString());
            Assert.Equal("2 of 600 lines could not be ingested (lines 300, 600); the other 598 are stored.", json.RootElement.GetProperty("error").GetString());
            Assert.Equal(598, json.RootElement.GetProperty("storedLines").GetInt32());
            var failed = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
            Assert.Equal([300, 600], failed.Select(l => l.GetProperty("line").GetInt32()));
            Assert.Equal(["slice-300", "slice-600"], failed.Select(l => l.GetProperty("id").GetString()));
            Assert.True(await ExistsAsync(StorageNames.RejectedContainer, Name));
            await report.DeleteAsync();
        }

        // Each stored line is one change, the second drop having changed nothing.
        var changes = (await AllChangesAsync()).Where(c => c.Id.StartsWith("slice-", StringComparison.Ordinal)).ToList();
        Assert.Equal(598, changes.Count);
        Assert.Equal(598, changes.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(changes, c => Assert.Equal("published", c.Kind));
        using var article = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/slice-599"));
        Assert.Equal(Name, article.RootElement.GetProperty("source").GetProperty("name").GetString());
    }

    [Fact]
    public async Task PostBatch_FullBatchWithRepeatsAndInvalidItems_EachItemAsASinglePostWouldAnswer()
    {
        // More than the 100 a batch held before: every 50th repeats the id before it with new text, every 125th has no section.
        const int Items = 150;
        var lines = Enumerable.Range(0, Items).Select(i => i switch
        {
            _ when i % 125 == 124 => $$"""{"id":"full-{{i}}","title":"No section","contentText":"x"}""",
            _ when i % 50 == 49 => Json($"full-{i - 1}", $"Full {i - 1} corrected", "Fullbatch"),
            _ => Json($"full-{i}", $"Full {i}", "Fullbatch"),
        }).ToList();

        using var response = await PostBatchAsync(string.Join('\n', lines));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var results = body.RootElement.GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Items, results.Count);
        Assert.Equal(Enumerable.Range(1, Items), results.Select(r => r.GetProperty("line").GetInt32()));
        for (var i = 0; i < results.Count; i++)
        {
            var expected = i % 125 == 124 ? (400, null) : i % 50 == 49 ? (200, "updated") : (201, "created");
            var outcome = results[i].TryGetProperty("outcome", out var o) ? o.GetString() : null;
            Assert.Equal(expected, (results[i].GetProperty("status").GetInt32(), outcome));
        }

        // 1 invalid (124), 3 repeats (49, 99, 149).
        Assert.Equal((146, 3, 1, 0), (body.RootElement.GetProperty("created").GetInt32(), body.RootElement.GetProperty("updated").GetInt32(),
            body.RootElement.GetProperty("failed").GetInt32(), body.RootElement.GetProperty("retry").GetInt32()));
        using var corrected = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/full-98"));
        Assert.Equal("Full 98 corrected", corrected.RootElement.GetProperty("title").GetString());

        // The same batch again changes nothing: the repeated ids settle on their later text, which is what is stored.
        using var again = await PostBatchAsync(string.Join('\n', lines));
        using var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(0, againBody.RootElement.GetProperty("created").GetInt32());

        var changes = (await AllChangesAsync()).Where(c => c.Id.StartsWith("full-", StringComparison.Ordinal)).ToList();
        Assert.Equal(146, changes.Count(c => c.Kind == "published"));
        Assert.Equal(146, changes.Where(c => c.Kind == "published").Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task PostBatch_OneItemOverTheLimit_400ProblemAndNothingStored()
    {
        var lines = Enumerable.Range(0, BatchReader.MaxItems + 1).Select(i => Json($"over-{i}", $"Over {i}", "Overlimit"));

        using var response = await PostBatchAsync(string.Join('\n', lines));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"at most {BatchReader.MaxItems}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var feed = await app.Client.GetAsync("/api/feeds/overlimit/json");
        Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
    }
}
