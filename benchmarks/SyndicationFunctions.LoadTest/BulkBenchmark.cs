using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// <c>bulk</c>: N new articles imported through <c>POST /api/articles/batch</c>, and through <c>.ndjson</c> files dropped
/// into the blob inbox, each against raw single-entity upserts of entities of the article row's shape and size on the
/// same Azurite, measured just before. Each import runs on a fresh Azurite and one local host process of its own, so
/// neither pays for the other's rows.
/// </summary>
public static class BulkBenchmark
{
    public const string Usage =
        "bulk options: --articles N (10000) --latency-ms N (0) --in-flight N (16, raw upserts) --batch-size N (100) " +
        "--batch-in-flight N (4) --file-lines N (--articles: one file) --parts batch,ndjson (both) --minutes N (15, the most one import may take) " +
        "--app PATH (a local host dll; default this checkout's) --setting NAME=VALUE (one more setting for the host) --paragraphs N (keep the body's first N paragraphs; all) --retry-log TEXT ('lost a race')";

    private const string IdPrefix = "b";

    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        ["--articles"] = "10000",
        ["--latency-ms"] = "0",
        ["--in-flight"] = "16",
        ["--batch-size"] = "100",
        ["--batch-in-flight"] = "4",
        ["--file-lines"] = null,
        ["--parts"] = "batch,ndjson",
        ["--minutes"] = "15",
        ["--app"] = null,
        ["--setting"] = null,
        ["--paragraphs"] = null,
        ["--retry-log"] = "lost a race",
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        ScaleOutOptions options;
        BulkPlan plan;
        try
        {
            options = ScaleOutOptions.Parse(args, Defaults, Usage);
            var articles = options.Number("--articles");
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            if (options.Text("--setting") is { } setting)
            {
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                if (equals < 1)
                {
                    throw new ArgumentException($"--setting takes NAME=VALUE, not '{setting}'. {Usage}");
                }

                settings[setting[..equals]] = setting[(equals + 1)..];
            }

            plan = new BulkPlan(articles, TimeSpan.FromMilliseconds(options.Number("--latency-ms", 0)), options.Number("--in-flight"),
                options.Number("--batch-size"), options.Number("--batch-in-flight"),
                options.Text("--file-lines") is null ? articles : options.Number("--file-lines"),
                TimeSpan.FromMinutes(options.Number("--minutes")), options.Text("--retry-log")!, settings,
                options.Text("--app") is { } app ? HostProcess.Resolve(app) : HostProcess.CurrentHostDll(), new ScaleOutArticles(40, 200, options.Text("--paragraphs") is null ? null : options.Number("--paragraphs")));
            if (options.Text("--parts")!.Split(',').Except(["batch", "ndjson"]).FirstOrDefault() is { } unknown)
            {
                throw new ArgumentException($"Unknown part '{unknown}'. {Usage}");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            progress.WriteLine(ex.Message);
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var parts = options.Text("--parts")!.Split(',');
        var rows = new List<string>();
        if (parts.Contains("batch"))
        {
            rows.AddRange(await RunPartAsync(plan, "batch", progress).ConfigureAwait(false));
        }

        if (parts.Contains("ndjson"))
        {
            rows.AddRange(await RunPartAsync(plan, "ndjson", progress).ConfigureAwait(false));
        }

        output.WriteLine(
            $"Bulk import, {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, bulk {options}");
        output.WriteLine($"app: {plan.HostDll}");
        output.WriteLine();
        output.WriteLine("| measure | value | baseline (raw upserts, same Azurite) | ratio | target | met |");
        output.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }

        return 0;
    }

    private static async Task<List<string>> RunPartAsync(BulkPlan plan, string part, TextWriter progress)
    {
        progress.WriteLine($"{part}: Azurite{(plan.Latency > TimeSpan.Zero ? $", proxies ({plan.Latency.TotalMilliseconds:F0} ms)" : "")}, one local host...");
        await using var storage = await SlowStorage.StartAsync(plan.Latency).ConfigureAwait(false);
        var settings = new Dictionary<string, string>(plan.Settings, StringComparer.Ordinal);
        if (part == "ndjson")
        {
            // The inbox is scanned every half second, so the wait for a scan is small against the import.
            settings.TryAdd("SYNDICATION_INBOX_SCAN_SECONDS", "0.5");
        }

        await using var host = await HostProcess.StartAsync(plan.HostDll, storage.ConnectionString, plan.RetryLog, settings).ConfigureAwait(false);
        (await host.Client.GetAsync(new Uri("/api/summary", UriKind.Relative)).ConfigureAwait(false)).Dispose();

        progress.WriteLine($"  raw upserts: {plan.Articles} entities, {plan.InFlight} in flight...");
        var raw = await RawUpsertsAsync(plan, storage.ConnectionString).ConfigureAwait(false);
        progress.WriteLine($"  {raw:F0}/s");

        var rows = new List<string>
        {
            $"| raw single-entity upserts, one partition ({plan.InFlight} in flight, {plan.Articles:N0} entities of the article row's shape and size; {part} run) | {raw:N0}/s | | | | |",
        };
        var import = part == "batch"
            ? await BatchAsync(plan, host, progress).ConfigureAwait(false)
            : await InboxAsync(plan, storage.Azurite.ConnectionString, progress).ConfigureAwait(false);

        await Task.Delay(TimeSpan.FromSeconds(2.5)).ConfigureAwait(false);
        var (total, _) = await WriteBenchmark.SummaryAsync(host.Client).ConfigureAwait(false);
        // The store starts empty, so the summary's total is what the import stored (read after the render cache's 2 s).
        var stored = import.Stored ?? total;
        var perSecond = stored / import.Elapsed.TotalSeconds;
        var ratio = perSecond / raw;
        var what = part == "batch"
            ? $"POST /api/articles/batch ({plan.BatchSize} per request, {plan.BatchInFlight} in flight)"
            : $"{Math.Ceiling(plan.Articles / (double)plan.FileLines):N0} .ndjson file(s) of {Math.Min(plan.FileLines, plan.Articles):N0} lines dropped into the inbox ({import.Note})";
        var refused = stored == 0 && import.Refused is not null;
        rows.Add($"| {what}: {stored:N0} of {plan.Articles:N0} stored in {import.Elapsed.TotalSeconds:F1} s; summary totalArticles {total:N0}; {host.Counted} conflict retries logged" +
            $"{(import.Refused is null ? "" : $"; **refused**: {Cell(import.Refused)}")} | " +
            $"{(refused ? "refused" : $"{perSecond:N0} articles/s")} | {raw:N0}/s | {(refused ? "" : ratio.ToString("F2", CultureInfo.InvariantCulture))} | >= 0.5 | {(refused ? "**no**" : ratio >= 0.5 ? "yes" : "**no**")} |");
        return rows;
    }

    /// <summary>Blind upserts of each article's row entity into a table of its own, <see cref="BulkPlan.InFlight"/> at a time.</summary>
    private static async Task<double> RawUpsertsAsync(BulkPlan plan, string connectionString)
    {
        var table = new TableClient(connectionString, "rawupserts", new TableClientOptions(StorageClients.TableServiceVersion));
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        var entities = Enumerable.Range(0, plan.Articles).Select(i => plan.Generator.RawEntity("raw", i)).ToList();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, plan.InFlight).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < entities.Count && clock.Elapsed < plan.Budget)
            {
                await table.UpsertEntityAsync(entities[index], TableUpdateMode.Replace).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return Math.Min(next, entities.Count) / seconds;
    }

    /// <summary>The articles in requests of <see cref="BulkPlan.BatchSize"/>; items answered 503 are sent again in a later request.</summary>
    private static async Task<ImportOutcome> BatchAsync(BulkPlan plan, HostProcess host, TextWriter progress)
    {
        var pending = new ConcurrentQueue<int[]>(Enumerable.Range(0, plan.Articles).Chunk(plan.BatchSize));
        long stored = 0, unavailable = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var report = TimeSpan.Zero;
        await Task.WhenAll(Enumerable.Range(0, plan.BatchInFlight).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < plan.Budget && pending.TryDequeue(out var chunk))
            {
                var body = Encoding.UTF8.GetBytes("[" + string.Join(',', chunk.Select(i => Encoding.UTF8.GetString(plan.Generator.Json(IdPrefix, i)))) + "]");
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/articles/batch", UriKind.Relative)) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("x-functions-key", HostProcess.FunctionKey);
                using var response = await host.Client.SendAsync(request).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref unavailable);
                    pending.Enqueue(chunk);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"POST /api/articles/batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                }

                using var results = JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                var again = new List<int>();
                foreach (var result in results.RootElement.GetProperty("results").EnumerateArray())
                {
                    switch (result.GetProperty("status").GetInt32())
                    {
                        case 200 or 201:
                            Interlocked.Increment(ref stored);
                            break;
                        case 503:
                            again.Add(chunk[result.GetProperty("index").GetInt32()]);
                            break;
                        default:
                            Interlocked.Increment(ref failed);
                            break;
                    }
                }

                if (again.Count > 0)
                {
                    pending.Enqueue([.. again]);
                }

                if (clock.Elapsed - report > TimeSpan.FromSeconds(10))
                {
                    report = clock.Elapsed;
                    progress.WriteLine($"    {Interlocked.Read(ref stored)} stored ({Interlocked.Read(ref stored) / clock.Elapsed.TotalSeconds:F0}/s)");
                }
            }
        }))).ConfigureAwait(false);
        var note = (unavailable, failed) switch
        {
            (0, 0) => null,
            _ => $"{unavailable} requests answered 503 and were resent; {failed} items failed",
        };
        return new ImportOutcome(stored, clock.Elapsed, note, null);
    }

    /// <summary>
    /// Uploads the .ndjson files (straight to Azurite, as a publisher's upload is not the app's storage call) and waits
    /// until the inbox holds none of them: each was either archived (stored) or moved to the rejected container with its
    /// report, whose error is returned.
    /// </summary>
    private static async Task<ImportOutcome> InboxAsync(BulkPlan plan, string connectionString, TextWriter progress)
    {
        var blobs = new BlobServiceClient(connectionString, StorageClients.NewBlobOptions());
        var inbox = blobs.GetBlobContainerClient(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync().ConfigureAwait(false);
        var files = Enumerable.Range(0, plan.Articles).Chunk(plan.FileLines)
            .Select((lines, n) => (Name: $"bulk-{n:D4}.ndjson", Bytes: Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(i => Encoding.UTF8.GetString(plan.Generator.Json(IdPrefix, i)))) + "\n")))
            .ToList();
        progress.WriteLine($"  {files.Count} file(s), {files.Sum(f => f.Bytes.Length) / 1048576.0:F1} MiB in all; uploading and waiting for the inbox to take them...");

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(f => inbox.GetBlobClient(f.Name).UploadAsync(BinaryData.FromBytes(f.Bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }))).ConfigureAwait(false);
        var left = files.Count;
        while (clock.Elapsed < plan.Budget)
        {
            left = 0;
            await foreach (var _ in inbox.GetBlobsAsync(BlobTraits.None, BlobStates.None, "bulk-", CancellationToken.None).ConfigureAwait(false))
            {
                left++;
            }

            if (left == 0)
            {
                break;
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        var elapsed = clock.Elapsed;
        var rejected = blobs.GetBlobContainerClient(StorageNames.RejectedContainer);
        string? refused = null;
        var refusedFiles = 0;
        if (await rejected.ExistsAsync().ConfigureAwait(false))
        {
            await foreach (var item in rejected.GetBlobsAsync(BlobTraits.None, BlobStates.None, "bulk-", CancellationToken.None).ConfigureAwait(false))
            {
                if (item.Name.EndsWith(".error.json", StringComparison.Ordinal))
                {
                    refusedFiles++;
                    using var report = JsonDocument.Parse((await rejected.GetBlobClient(item.Name).DownloadContentAsync().ConfigureAwait(false)).Value.Content.ToMemory());
                    refused ??= report.RootElement.GetProperty("error").GetString();
                }
            }
        }

        var archived = 0;
        await foreach (var _ in blobs.GetBlobContainerClient(StorageNames.ArchiveContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, "bulk-", CancellationToken.None).ConfigureAwait(false))
        {
            archived++;
        }

        var note = $"{files.Sum(f => f.Bytes.Length) / 1048576.0:F1} MiB; {archived} archived, {refusedFiles} rejected{(left > 0 ? $", {left} still in the inbox when time ran out" : "")}";
        return new ImportOutcome(null, elapsed, note, refused is null ? null : $"{refusedFiles} file(s): {refused}");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record BulkPlan(
        int Articles, TimeSpan Latency, int InFlight, int BatchSize, int BatchInFlight, int FileLines, TimeSpan Budget, string RetryLog,
        Dictionary<string, string> Settings, string HostDll, ScaleOutArticles Generator);

    /// <param name="Stored">Articles stored, as the answers said; null when only the store can tell (the inbox: read from the summary).</param>
    /// <param name="Refused">Why the inbox refused the file(s), from the rejection report; null when none was refused.</param>
    private sealed record ImportOutcome(long? Stored, TimeSpan Elapsed, string? Note, string? Refused);
}
