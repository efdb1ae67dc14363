using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Benchmarks;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// <c>--bulk N</c>: N new articles through the batch route (full requests, one after another) and N more as one
/// <c>.ndjson</c> inbox file (handed to the inbox processor as the trigger would), each in articles per second against
/// raw single-entity upserts (one after another) to the same Azurite, measured in the same run.
/// </summary>
public static class BulkImportBenchmark
{
    public static async Task<string> RunAsync(int count, TextWriter log)
    {
        var articles = SampleArticles.Series(2 * count);
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var app = await MeasuredApp.StartAsync(azurite.ConnectionString);
        var upserts = await OperationsBenchmark.RawUpsertsPerSecondAsync(azurite.ConnectionString, 500);
        log.WriteLine($"raw upserts: {upserts:F0}/s");

        using var client = app.Host.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(30);
        var clock = Stopwatch.StartNew();
        foreach (var batch in Batches(articles.Take(count)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles/batch") { Content = new StringContent(batch, Encoding.UTF8) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson");
            request.Headers.Add("x-functions-key", MeasuredApp.FunctionKey);
            using var response = await client.SendAsync(request);
            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (report.RootElement.GetProperty("failed").GetInt32() + report.RootElement.GetProperty("retry").GetInt32() > 0)
                throw new InvalidOperationException("The batch route did not store every article: " + report.RootElement);
        }

        var batchSeconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"batch route: {batchSeconds:F1} s");

        var inbox = new BlobServiceClient(azurite.ConnectionString, StorageClients.NewBlobOptions()).GetBlobContainerClient(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync();
        var blob = inbox.GetBlobClient("archive.ndjson");
        await blob.UploadAsync(BinaryData.FromString(string.Join('\n', articles.Skip(count).Select(Line))), overwrite: true);
        var processor = app.Host.Services.GetRequiredService<InboxProcessor>();
        clock.Restart();
        var outcome = await processor.ProcessAsync(blob, CancellationToken.None);
        var fileSeconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($".ndjson file: {fileSeconds:F1} s, {outcome}");

        return "| import | rate | ratio to raw upserts |\n| --- | --- | --- |\n"
            + $"| raw single-entity upserts (baseline) | {upserts:F0}/s | 1.00 |\n"
            + $"| batch route, {count:N0} articles | {count / batchSeconds:F0} articles/s ({batchSeconds:F1} s) | {count / batchSeconds / upserts:F2} |\n"
            + $"| one .ndjson file of {count:N0} articles ({outcome}) | {count / fileSeconds:F0} articles/s ({fileSeconds:F1} s) | {count / fileSeconds / upserts:F2} |\n";
    }

    /// <summary>NDJSON bodies of as many articles as fit the item and body limits.</summary>
    private static IEnumerable<string> Batches(IEnumerable<Article> articles)
    {
        var body = new StringBuilder();
        var items = 0;
        foreach (var line in articles.Select(Line))
        {
            if (items == BatchReader.MaxItems || body.Length + line.Length + 1 > 1024 * 1024 - 1024)
            {
                yield return body.ToString();
                body.Clear();
                items = 0;
            }

            body.Append(line).Append('\n');
            items++;
        }

        if (items > 0)
            yield return body.ToString();
    }

    /// <summary>An article as a publisher sends it (input JSON).</summary>
    private static string Line(Article article) => JsonSerializer.Serialize(new
    {
        id = article.Id,
        title = article.Title,
        summary = article.Summary,
        contentHtml = article.ContentHtml,
        published = article.Published,
        section = article.Section.Name,
        tags = article.Tags,
    });
}
