using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SyndicationFunctions.Backup;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Backup;

/// <summary>
/// Export from one Azurite while writes go on, import into fresh ones, and compare what readers get: feeds, pages,
/// listing, summary, the scheduled list and the change feed.
/// </summary>
public sealed class StoreArchiveTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Syndication:PublicBaseUrl"] = "http://news.example",
        ["Syndication:Sections:culture"] = "Arts and Culture",
    };

    [Fact]
    public async Task ExportImport_WhileWritesGoOn_FreshStoreServesTheSame()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sourceAzurite = await AzuriteProcess.StartAsync();
        await using var source = await StartAsync(sourceAzurite, clock);
        using var client = source.CreateClient();
        await WriteDataAsync(client, clock);

        // An export while a publisher keeps writing: the archive is some consistent moment of it.
        var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                await PostAsync(client, Json($"during-{i}", $"Written during the export {i}", "2025-07-01T08:00:00Z", i % 2 == 0 ? "World" : "Business", $"Text {i}."));
                if (i % 3 == 0)
                {
                    await PostAsync(client, Json($"during-{i}", $"Written during the export {i}", "2025-07-01T08:00:00Z", "World", $"Corrected {i}."));
                }
            }
        });
        await Task.Delay(300);
        using var during = new MemoryStream();
        await source.Services.GetRequiredService<StoreExporter>().ExportAsync(during, CancellationToken.None);
        await writing.CancelAsync();
        await writer;

        await using (var partialAzurite = await AzuriteProcess.StartAsync())
        await using (var partial = await StartAsync(partialAzurite, clock))
        {
            during.Position = 0;
            await partial.Services.GetRequiredService<StoreImporter>().ImportAsync(during, CancellationToken.None);
            using var partialClient = partial.CreateClient();

            // Its change feed is the source's, up to where the archive stopped, and every article is as its last change left it.
            var restored = await ChangesAsync(partialClient);
            var original = await ChangesAsync(client);
            Assert.NotEmpty(restored);
            Assert.Equal(original.Take(restored.Count).Select(c => c.ToJsonString()), restored.Select(c => c.ToJsonString()));
            foreach (var last in restored.GroupBy(c => c["id"]!.GetValue<string>()).Select(g => g.Last()))
            {
                using var response = await partialClient.GetAsync("/api/articles/" + last["id"]);
                if (last["kind"]!.GetValue<string>() == "withdrawn")
                {
                    Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
                }
                else
                {
                    Assert.True(JsonNode.DeepEquals(last["article"], JsonNode.Parse(await response.Content.ReadAsStringAsync())), $"{last["id"]} differs from its last change");
                }
            }
        }

        // A quiet export: the fresh store answers every reader's request as the source does.
        using var quiet = new MemoryStream();
        var counts = await source.Services.GetRequiredService<StoreExporter>().ExportAsync(quiet, CancellationToken.None);
        Assert.Equal(1, counts.Passes);
        await using var targetAzurite = await AzuriteProcess.StartAsync();
        await using var target = await StartAsync(targetAzurite, clock);
        quiet.Position = 0;
        await target.Services.GetRequiredService<StoreImporter>().ImportAsync(quiet, CancellationToken.None);
        using var targetClient = target.CreateClient();
        await AssertSameAsync(client, targetClient);

        // The scheduled article publishes at its time in both, with the same next change.
        clock.Advance(TimeSpan.FromMinutes(11));
        await AssertSameAsync(client, targetClient);
        Assert.Contains("Embargoed", await targetClient.GetStringAsync("/api/feeds/rss"));

        // Importing into a store that is not empty is refused.
        quiet.Position = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => target.Services.GetRequiredService<StoreImporter>().ImportAsync(quiet, CancellationToken.None));
    }

    [Fact]
    public async Task BackupStore_OnItsSchedule_WritesAnArchiveThatImports()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["ArticleStorage"] = azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
            [BackupFunction.ScheduleSetting] = "*/2 * * * * *",
        };
        await using var host = await SyndicationLocalHost.StartAsync(settings);
        using var client = host.CreateClient();
        await PostAsync(client, Json("harbour", "Harbour reopens", "2025-06-01T08:00:00Z", "World", "Ships return."));

        // The local host runs the timer function as the Functions host would: a blob appears in the backups container.
        var backups = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString, SyndicationFunctions.Storage.StorageClients.NewBlobOptions())
            .GetBlobContainerClient(SyndicationFunctions.Storage.StorageNames.BackupsContainer);
        string? name = null;
        Assert.True(await AppFixture.EventuallyAsync(async () =>
        {
            if (!await backups.ExistsAsync())
            {
                return false;
            }

            await foreach (var item in backups.GetBlobsAsync())
            {
                // A backup written after the article, and complete (its end line).
                var text = await ReadArchiveAsync(backups.GetBlobClient(item.Name));
                if (text.Contains("\"harbour\"", StringComparison.Ordinal) && text.Contains("\"type\":\"end\"", StringComparison.Ordinal))
                {
                    name = item.Name;
                    return true;
                }
            }

            return false;
        }, seconds: 30), "No backup with the article appeared in the backups container.");
        Assert.Matches(@"^syndication-\d{8}T\d{6}Z\.ndjson\.gz$", name);
    }

    private static async Task<string> ReadArchiveAsync(Azure.Storage.Blobs.BlobClient blob)
    {
        try
        {
            await using var stream = await blob.OpenReadAsync();
            await using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return await reader.ReadToEndAsync();
        }
        catch (Exception ex) when (ex is InvalidDataException or Azure.RequestFailedException or EndOfStreamException)
        {
            return "";
        }
    }

    private static async Task AssertSameAsync(HttpClient source, HttpClient target)
    {
        string[] paths =
        [
            "/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", "/api/feeds/world/atom", "/api/feeds/culture/rss", "/api/feeds/science/json",
            "/api/feeds/rss?limit=3", "/api/articles?limit=100", "/api/articles?section=world&limit=100", "/api/changes?limit=1000",
            "/", "/api/sections/world", "/api/feeds.opml", "/sitemap.xml",
            "/api/articles/harbour", "/api/articles/withdrawn", "/api/articles/republished", "/api/articles/long-read", "/api/articles/" + AppFixture.SeedId,
        ];
        foreach (var path in paths)
        {
            var (sourceStatus, sourceBody) = await GetAsync(source, path);
            var (targetStatus, targetBody) = await GetAsync(target, path);
            Assert.True(sourceStatus == targetStatus, $"{path}: {sourceStatus} at the source, {targetStatus} restored");
            Assert.True(WithoutCountersDate(sourceBody) == WithoutCountersDate(targetBody), $"{path} differs once restored: {sourceBody.Length} and {targetBody.Length} chars");
        }

        // The summary, but for when it was generated (the counters were written anew).
        var sourceSummary = JsonNode.Parse(await source.GetStringAsync("/api/summary"))!.AsObject();
        var targetSummary = JsonNode.Parse(await target.GetStringAsync("/api/summary"))!.AsObject();
        sourceSummary.Remove("generatedAt");
        targetSummary.Remove("generatedAt");
        Assert.Equal(sourceSummary.ToJsonString(), targetSummary.ToJsonString());

        using var scheduled = KeyedRequest.Create(HttpMethod.Get, "/api/scheduled");
        using var scheduledAgain = KeyedRequest.Create(HttpMethod.Get, "/api/scheduled");
        Assert.Equal(await (await source.SendAsync(scheduled)).Content.ReadAsStringAsync(), await (await target.SendAsync(scheduledAgain)).Content.ReadAsStringAsync());
    }

    /// <summary>
    /// OPML's dateModified, like the summary's generatedAt, is when the counters were last written: the import writes
    /// them anew. Everything else must match.
    /// </summary>
    private static string WithoutCountersDate(string body)
        => System.Text.RegularExpressions.Regex.Replace(body, "<dateModified>[^<]*</dateModified>", "<dateModified/>");

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json, application/rss+xml, application/atom+xml, application/feed+json, text/x-opml, application/xml");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonNode>> ChangesAsync(HttpClient client)
        => JsonNode.Parse(await client.GetStringAsync("/api/changes?limit=1000"))!["changes"]!.AsArray().Select(c => c!).ToList();

    private static async Task WriteDataAsync(HttpClient client, FakeTimeProvider clock)
    {
        await PostAsync(client, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "seeds", AppFixture.SeedName)), "text/plain; charset=utf-8");
        await PostAsync(client, Json("harbour", "Harbour reopens", "2025-06-01T08:00:00Z", "World", "Ships return."));
        await PostAsync(client, Json("festival", "Festival returns", "2025-06-02T08:00:00Z", "Culture", "Music again."));
        await PostAsync(client, Json("withdrawn", "A mistake", "2025-06-02T10:00:00Z", "World", "Wrong."));
        await PostAsync(client, Json("republished", "Back again", "2025-06-03T09:00:00Z", "World", "First text."));
        await PostAsync(client, Json("long-read", "A very long read", "2025-06-01T12:00:00Z", "Science", LongText()));
        clock.Advance(TimeSpan.FromSeconds(5));
        await PostAsync(client, Json("harbour", "Harbour reopens", "2025-06-01T08:00:00Z", "World", "Ships return after repairs."));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/articles/withdrawn")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/articles/republished")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(5));
        await PostAsync(client, Json("republished", "Back again", "2025-06-03T09:00:00Z", "World", "Second text."));
        await PostAsync(client, Json("scheduled", "Embargoed", clock.GetUtcNow().AddMinutes(10).ToString("O"), "World", "Not yet."));
        await PostAsync(client, Json("cancelled", "Never published", clock.GetUtcNow().AddMinutes(20).ToString("O"), "World", "Never."));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/articles/cancelled")).StatusCode);
    }

    /// <summary>Text that gzip cannot shrink below the inline limit: its body lives in a blob.</summary>
    private static string LongText()
    {
        var bytes = new byte[700_000];
        new Random(7).NextBytes(bytes);
        var text = Convert.ToBase64String(bytes).Replace('+', 'x').Replace('/', 'y');
        return string.Join(' ', Enumerable.Range(0, (text.Length + 79) / 80).Select(i => text.Substring(i * 80, Math.Min(80, text.Length - (i * 80)))));
    }

    private static string Json(string id, string title, string published, string section, string text)
        => JsonSerializer.Serialize(new { id, title, summary = title + ".", contentText = text, published, section });

    private static async Task PostAsync(HttpClient client, string body, string contentType = "application/json")
    {
        using var request = KeyedRequest.Create(HttpMethod.Post, "/api/articles");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = KeyedRequest.Create(method, path);
        return await client.SendAsync(request);
    }

    private static Task<RunningLocalFunctionsHost> StartAsync(AzuriteProcess azurite, FakeTimeProvider clock)
    {
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["ArticleStorage"] = azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        };
        return SyndicationLocalHost.StartAsync(settings, builder => builder.Services.AddSingleton<TimeProvider>(clock));
    }
}
