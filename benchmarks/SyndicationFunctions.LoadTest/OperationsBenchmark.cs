using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Backup;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Storage.Layout;
using SyndicationFunctions.Benchmarks;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// <c>--operations N</c>: export and import of N articles (articles per second, peak memory) and the online migration of
/// N articles from layout 1 (time, and whether the feeds answered throughout), each on its own Azurite, against raw
/// single-entity upserts to the same Azurite as the baseline.
/// </summary>
public static class OperationsBenchmark
{
    public static async Task<string> RunAsync(int count, TextWriter log)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"syndication-ops-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var archive = Path.Combine(folder, "generated.ndjson.gz");
        var exported = Path.Combine(folder, "exported.ndjson.gz");
        var articles = SampleArticles.Series(count);
        await WriteArchiveAsync(archive, articles);
        var rows = new List<string>();

        await using (var azurite = await AzuriteProcess.StartAsync())
        await using (var app = await MeasuredApp.StartAsync(azurite.ConnectionString))
        {
            var upserts = await RawUpsertsPerSecondAsync(azurite.ConnectionString, 500);
            log.WriteLine($"raw upserts: {upserts:F0}/s");
            var importer = app.Host.Services.GetRequiredService<StoreImporter>();
            var (importSeconds, importPeak) = await MeasureAsync(async () =>
            {
                await using var file = File.OpenRead(archive);
                await importer.ImportAsync(file, CancellationToken.None);
            });
            log.WriteLine($"import: {importSeconds:F1} s");
            var exporter = app.Host.Services.GetRequiredService<StoreExporter>();
            var (exportSeconds, exportPeak) = await MeasureAsync(async () =>
            {
                await using var file = File.Create(exported);
                await exporter.ExportAsync(file, CancellationToken.None);
            });
            log.WriteLine($"export: {exportSeconds:F1} s");
            rows.Add($"| raw single-entity upserts (baseline) | {upserts:F0}/s | 1.00 | |");
            rows.Add($"| import of {count:N0} articles | {count / importSeconds:F0} articles/s ({importSeconds:F1} s) | {count / importSeconds / upserts:F2} | {importPeak / 1048576.0:F0} MiB |");
            rows.Add($"| export of {count:N0} articles | {count / exportSeconds:F0} articles/s ({exportSeconds:F1} s, {new FileInfo(exported).Length / 1048576.0:F1} MiB gzip) | {count / exportSeconds / upserts:F2} | {exportPeak / 1048576.0:F0} MiB |");
        }

        await using (var azurite = await AzuriteProcess.StartAsync())
        {
            await WriteLayoutOneAsync(azurite.ConnectionString, articles);
            var clock = Stopwatch.StartNew();
            await using var app = await MeasuredApp.StartAsync(azurite.ConnectionString);
            using var client = app.Host.CreateClient();
            long feeds = 0, failed = 0;
            while (true)
            {
                using var feed = await client.GetAsync("/api/feeds/rss?limit=20");
                feeds++;
                failed += feed.IsSuccessStatusCode ? 0 : 1;
                using var health = JsonDocument.Parse(await client.GetStringAsync("/api/health"));
                if (!health.RootElement.GetProperty("layout").GetProperty("migrating").GetBoolean() && health.RootElement.GetProperty("layout").GetProperty("version").ValueKind == JsonValueKind.Number)
                {
                    break;
                }

                await Task.Delay(100);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var listed = JsonDocument.Parse(await client.GetStringAsync("/api/summary")).RootElement.GetProperty("totalArticles").GetInt32();
            log.WriteLine($"migration: {seconds:F1} s");
            rows.Add($"| migration of {count:N0} articles from layout 1 (start to done) | {count / seconds:F0} articles/s ({seconds:F1} s) | {count / seconds / await RawUpsertsPerSecondAsync(azurite.ConnectionString, 500):F2} | feeds answered {feeds - failed} of {feeds} requests during it; {listed:N0} articles after |");
        }

        Directory.Delete(folder, recursive: true);
        return "| operation | rate | ratio to raw upserts | peak memory (working set) / notes |\n| --- | --- | --- | --- |\n" + string.Join('\n', rows) + "\n";
    }

    private static async Task<(double Seconds, long PeakWorkingSet)> MeasureAsync(Func<Task> action)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        await action();
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, peak);
    }

    internal static async Task<double> RawUpsertsPerSecondAsync(string connectionString, int count)
    {
        var table = new TableClient(connectionString, "rawupserts" + Guid.NewGuid().ToString("N")[..8], new TableClientOptions(StorageClients.TableServiceVersion));
        await table.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await table.UpsertEntityAsync(new TableEntity("p", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)) { ["Body"] = new string('x', 2000) });
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>An archive in the documented format: header, one public article a line, no changes, end.</summary>
    private static async Task WriteArchiveAsync(string path, IReadOnlyList<Article> articles)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var writer = new StreamWriter(gzip);
        await writer.WriteLineAsync($$"""{"type":"header","format":"{{StoreArchive.Format}}","version":1,"layout":2,"exportedAt":"{{DateTimeOffset.UtcNow:O}}"}""");
        foreach (var article in articles)
        {
            await writer.WriteLineAsync($$"""{"type":"article","id":"{{article.Id}}","state":"public","section":"{{article.Section.Slug}}","listedAt":"{{article.Published:O}}","article":{{JsonSerializer.Serialize(article, ArticleJson.Options)}}}""");
        }

        await writer.WriteLineAsync("""{"type":"end","sequence":0,"oldestSequence":1,"sections":{},"scheduled":[],"articles":0,"changes":0}""");
    }

    /// <summary>The rows layout 1 (main at e7c431e) kept per article: <c>id|</c> and <c>all|</c>, and its counters' section names.</summary>
    private static async Task WriteLayoutOneAsync(string connectionString, IReadOnlyList<Article> articles)
    {
        var table = new TableClient(connectionString, ArticlesTableStep.Table, new TableClientOptions(StorageClients.TableServiceVersion));
        await table.CreateIfNotExistsAsync();
        foreach (var chunk in articles.Chunk(50))
        {
            var actions = new List<TableTransactionAction>();
            foreach (var article in chunk)
            {
                var fingerprint = ArticleFingerprint.Compute(article);
                var body = ArticleEntityCodec.Encode(article, fingerprint);
                foreach (var key in new[] { "id|" + article.Id, ArticleKeys.Entry("all|", article.Published, article.Id) })
                {
                    var row = new TableEntity("articles", key);
                    ArticleEntityCodec.Write(row, article, fingerprint, body);
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
                }
            }

            await table.SubmitTransactionAsync(actions);
        }

        var sections = articles.Select(a => a.Section).DistinctBy(s => s.Slug).ToDictionary(s => s.Slug, s => new { name = s.Name, count = 1 });
        await table.UpsertEntityAsync(new TableEntity("articles", "all|!") { ["Sections"] = JsonSerializer.Serialize(sections, ArticleJson.Options) });
    }
}
