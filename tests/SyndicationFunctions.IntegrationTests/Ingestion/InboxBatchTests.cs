using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.IntegrationTests.Ingestion;

public sealed class InboxBatchTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Json(string id, string title, string section) =>
        $$"""{"id":"{{id}}","title":"{{title}}","contentText":"Body of {{id}}.","published":"2025-06-01T10:00:00Z","section":"{{section}}"}""";

    private BlobContainerClient Container(string name) => app.Blobs.GetBlobContainerClient(name);

    private async Task<bool> ExistsAsync(string container, string name) => (await Container(container).GetBlobClient(name).ExistsAsync()).Value;

    private async Task DropAsync(string name, string content, string? contentType = null)
    {
        var inbox = Container(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync();
        await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content),
            new BlobUploadOptions { HttpHeaders = contentType is null ? null : new BlobHttpHeaders { ContentType = contentType } });
    }

    private async Task<List<string>> FeedTitlesAsync(string section)
    {
        using var feed = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/feeds/{section}/json"));
        return [.. feed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
    }

    [Fact]
    public async Task NdjsonFileWithOneBadLine_GoodLinesStoredAndFileRejectedWithReportNamingTheLine()
    {
        var content = string.Join("\r\n",
            Json("inbox-nd-1", "Inbox line one", "Inboxbatch"),
            "",
            """{"id":"inbox-nd-3","title":"No section here","contentText":"x"}""",
            Json("inbox-nd-4", "Inbox line four", "Inboxbatch"));
        await DropAsync("feeds/mixed.ndjson", content);

        Assert.True(await AppFixture.EventuallyAsync(async () =>
            !await ExistsAsync(StorageNames.InboxContainer, "feeds/mixed.ndjson")
            && await ExistsAsync(StorageNames.RejectedContainer, "feeds/mixed.ndjson")
            && await ExistsAsync(StorageNames.RejectedContainer, "feeds/mixed.ndjson.error.json")));

        var report = (await Container(StorageNames.RejectedContainer).GetBlobClient("feeds/mixed.ndjson.error.json").DownloadContentAsync()).Value.Content;
        using var json = JsonDocument.Parse(report.ToString());
        Assert.Equal("feeds/mixed.ndjson", json.RootElement.GetProperty("blob").GetString());
        Assert.Equal("1 of 3 lines could not be ingested (line 3); the other 2 are stored.", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("storedLines").GetInt32());
        var line = Assert.Single(json.RootElement.GetProperty("lines").EnumerateArray());
        Assert.Equal(3, line.GetProperty("line").GetInt32());
        Assert.Equal("inbox-nd-3", line.GetProperty("id").GetString());
        Assert.True(line.GetProperty("errors").TryGetProperty("section", out _));

        var titles = (await FeedTitlesAsync("inboxbatch")).Order(StringComparer.Ordinal);
        Assert.Equal(["Inbox line four", "Inbox line one"], titles);
        using var article = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/inbox-nd-4"));
        Assert.Equal("blob", article.RootElement.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal("feeds/mixed.ndjson", article.RootElement.GetProperty("source").GetProperty("name").GetString());
    }

    [Fact]
    public async Task NdjsonFileAllValidDroppedTwice_ArchivedAndNoDuplicates()
    {
        var content = string.Join("\n", Json("inbox-ok-1", "All good one", "Inboxok"), Json("inbox-ok-2", "All good two", "Inboxok")) + "\n";

        await DropAsync("good-1.ndjson", content);
        Assert.True(await AppFixture.EventuallyAsync(async () =>
            await ExistsAsync(StorageNames.ArchiveContainer, "good-1.ndjson") && !await ExistsAsync(StorageNames.InboxContainer, "good-1.ndjson")));
        // The same lines again, named only by the content type this time: unchanged, still two articles.
        await DropAsync("good-2.data", content, "application/x-ndjson");
        Assert.True(await AppFixture.EventuallyAsync(() => ExistsAsync(StorageNames.ArchiveContainer, "good-2.data")));

        Assert.Equal(2, (await FeedTitlesAsync("inboxok")).Count);
        Assert.False(await ExistsAsync(StorageNames.RejectedContainer, "good-1.ndjson.error.json"));
    }

    [Fact]
    public async Task NdjsonFileWithNoLines_RejectedWhole()
    {
        await DropAsync("empty.ndjson", "\n\n");

        Assert.True(await AppFixture.EventuallyAsync(() => ExistsAsync(StorageNames.RejectedContainer, "empty.ndjson.error.json")));
        var report = (await Container(StorageNames.RejectedContainer).GetBlobClient("empty.ndjson.error.json").DownloadContentAsync()).Value.Content;
        using var json = JsonDocument.Parse(report.ToString());
        Assert.Contains("empty", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
