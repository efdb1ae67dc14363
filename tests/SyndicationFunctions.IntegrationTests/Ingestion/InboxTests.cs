using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.IntegrationTests.Ingestion;

public sealed class InboxTests(AppFixture app) : IClassFixture<AppFixture>
{
    private BlobContainerClient Container(string name) => app.Blobs.GetBlobContainerClient(name);

    private async Task<bool> ExistsAsync(string container, string name) => (await Container(container).GetBlobClient(name).ExistsAsync()).Value;

    [Fact]
    public async Task DroppedSeed_IngestedArchivedAndInFeeds()
    {
        await Container(StorageNames.InboxContainer).CreateIfNotExistsAsync();
        await Container(StorageNames.InboxContainer).GetBlobClient("drop/seed.txt")
            .UploadAsync(BinaryData.FromString(AppFixture.Seed(AppFixture.SeedName)), overwrite: true);

        Assert.True(await AppFixture.EventuallyAsync(async () =>
            await ExistsAsync(StorageNames.ArchiveContainer, "drop/seed.txt") && !await ExistsAsync(StorageNames.InboxContainer, "drop/seed.txt")));
        var rss = await app.Client.GetStringAsync("/api/feeds/turkiye/rss");
        Assert.Contains(AppFixture.SeedTitle, rss, StringComparison.Ordinal);
        using var article = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/articles/{AppFixture.SeedId}"));
        Assert.Equal("blob", article.RootElement.GetProperty("source").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task UnreadableFile_RejectedWithErrorReport()
    {
        await Container(StorageNames.InboxContainer).CreateIfNotExistsAsync();
        await Container(StorageNames.InboxContainer).GetBlobClient("broken.txt")
            .UploadAsync(BinaryData.FromString("this is not an article\n"), overwrite: true);

        Assert.True(await AppFixture.EventuallyAsync(async () =>
            !await ExistsAsync(StorageNames.InboxContainer, "broken.txt")
            && await ExistsAsync(StorageNames.RejectedContainer, "broken.txt")
            && await ExistsAsync(StorageNames.RejectedContainer, "broken.txt.error.json")));
        var report = (await Container(StorageNames.RejectedContainer).GetBlobClient("broken.txt.error.json").DownloadContentAsync()).Value.Content;
        using var json = JsonDocument.Parse(report.ToString());
        Assert.Contains("Line 1", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("broken.txt", json.RootElement.GetProperty("blob").GetString());
    }

    [Fact]
    public async Task UnknownExtension_Rejected()
    {
        await Container(StorageNames.InboxContainer).CreateIfNotExistsAsync();
        await Container(StorageNames.InboxContainer).GetBlobClient("photo.bin")
            .UploadAsync(new BinaryData(new byte[] { 0xFF, 0xD8, 0xFF }), overwrite: true);

        Assert.True(await AppFixture.EventuallyAsync(() => ExistsAsync(StorageNames.RejectedContainer, "photo.bin.error.json")));
    }

    [Fact]
    public async Task SameFileUploadedTwice_OneArticle()
    {
        var markdown = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "seeds", "technology-city-trials-open-data-transit-api.md")));
        var inbox = Container(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync();

        await inbox.GetBlobClient("twice-1.md").UploadAsync(BinaryData.FromString(markdown), overwrite: true);
        Assert.True(await AppFixture.EventuallyAsync(() => ExistsAsync(StorageNames.ArchiveContainer, "twice-1.md")));
        await inbox.GetBlobClient("twice-2.md").UploadAsync(BinaryData.FromString(markdown), overwrite: true);
        Assert.True(await AppFixture.EventuallyAsync(() => ExistsAsync(StorageNames.ArchiveContainer, "twice-2.md")));

        using var feed = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/technology/json"));
        Assert.Single(feed.RootElement.GetProperty("items").EnumerateArray());
    }
}
