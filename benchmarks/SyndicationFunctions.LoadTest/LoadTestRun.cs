using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Benchmarks;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>Every measurement of docs/PERFORMANCE.md, in one run against one Azurite and one local host.</summary>
public sealed class LoadTestRun(LoadTestOptions options, AzuriteProcess azurite, MeasuredApp app, TextWriter progress) : IDisposable
{
    private const string FeedPath = "/api/feeds/rss";
    private const string SummaryPath = "/api/summary";
    private const string RawTable = "rawupserts";

    private readonly ResultTable _results = new();
    private readonly Article _seed = SampleArticles.Seed();
    private readonly IArticleStore _store = app.Host.Services.GetRequiredService<IArticleStore>();
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = app.Host.BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private int _stored;
    private int _probes;

    public async Task<ResultTable> RunAsync()
    {
        // Tables and blobs: the queue port also carries the queue triggers' polling, which no request causes.
        using var storageCalls = new StorageCallCounter(port => port == azurite.BlobPort || port == azurite.TablePort);

        await FillAsync(options.SmallArticles, TimeSpan.FromMinutes(options.SeedMinutes)).ConfigureAwait(false);
        var etag = await PrepareStaticAsync().ConfigureAwait(false);

        await CountStorageCallsAsync(storageCalls, etag, $"{_stored} articles").ConfigureAwait(false);
        await MeasureBytesOnTheWireAsync().ConfigureAwait(false);

        // The ingest probe changed the listing, so its validator: take the current one for the 304 load.
        await MeasureThroughputAsync(await FeedETagAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var small = await MeasureLatencyAsync().ConfigureAwait(false);

        var fill = await FillAsync(options.Articles, TimeSpan.FromMinutes(options.SeedMinutes)).ConfigureAwait(false);
        _results.Add(new ResultRow($"store fill {options.SmallArticles} -> {_stored} articles (TableArticleStore.SaveAsync, one at a time)",
            $"{ResultTable.Number(fill.PerSecond)} articles/s", Ratio: $"{ResultTable.Number(fill.Elapsed.TotalSeconds, 0)} s"));
        etag = await FeedETagAsync().ConfigureAwait(false);
        await CountStorageCallsAsync(storageCalls, etag, $"{_stored} articles").ConfigureAwait(false);
        var large = await MeasureLatencyAsync().ConfigureAwait(false);
        CompareLatency(small, large);

        await MeasureIngestAsync().ConfigureAwait(false);
        return _results;
    }

    /// <summary>Stores the series through the app's own store until it holds <paramref name="count"/> articles or time runs out.</summary>
    private async Task<ThroughputResult> FillAsync(int count, TimeSpan budget)
    {
        progress.WriteLine($"filling the store to {count} articles...");
        var stopwatch = Stopwatch.StartNew();
        var added = 0;
        while (_stored < count && stopwatch.Elapsed < budget)
        {
            var outcome = await _store.SaveAsync(SampleArticles.Numbered(_seed, _stored), CancellationToken.None).ConfigureAwait(false);
            if (outcome.Status != SaveStatus.Created)
            {
                throw new InvalidOperationException($"Article {_stored} was {outcome.Status}, not created.");
            }

            _stored++;
            added++;
            if (_stored % 1000 == 0)
            {
                progress.WriteLine($"  {_stored} stored ({ResultTable.Number(added / stopwatch.Elapsed.TotalSeconds)}/s)");
            }
        }

        if (_stored < count)
        {
            progress.WriteLine($"  time budget spent: measuring with {_stored} articles, not {count}");
        }

        return new ThroughputResult(added, 0, stopwatch.Elapsed);
    }

    /// <summary>The static endpoint serves the very bytes of the feed it is compared with.</summary>
    private async Task<string> PrepareStaticAsync()
    {
        using var response = await _client.GetAsync(FeedPath).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        app.Static.Set(response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        using var compressed = await _client.SendAsync(Encoded(FeedPath, "gzip")).ConfigureAwait(false);
        compressed.EnsureSuccessStatusCode();
        app.StaticGzip.Set(compressed.Content.Headers.ContentType!.ToString(), await compressed.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        return response.Headers.ETag!.ToString();
    }

    private HttpRequestMessage Encoded(string path, string coding)
    {
        var request = Get(path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
        return request;
    }

    /// <summary>Bytes on the wire for a 20-item and a 100-item feed page, plain, gzip and Brotli.</summary>
    private async Task MeasureBytesOnTheWireAsync()
    {
        foreach (var limit in new[] { 20, 100 })
        {
            var path = $"{FeedPath}?limit={limit}";
            var sizes = new Dictionary<string, long>();
            foreach (var coding in new[] { "identity", "gzip", "br" })
            {
                using var response = await _client.SendAsync(Encoded(path, coding)).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                sizes[coding] = (await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).Length;
            }

            var gzip = (double)sizes["gzip"] / sizes["identity"];
            _results.Add(new ResultRow($"bytes on the wire, GET {path} plain / gzip / Brotli",
                $"{sizes["identity"]} / {sizes["gzip"]} / {sizes["br"]} B", Ratio: $"{Ratio(gzip)} / {Ratio((double)sizes["br"] / sizes["identity"])}",
                Target: limit == 20 ? "gzip <= 0.30 of plain" : "", Met: limit == 20 ? gzip <= 0.3 : null));
        }
    }

    private async Task<string> FeedETagAsync()
    {
        using var response = await _client.GetAsync(FeedPath).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }

    private async Task CountStorageCallsAsync(StorageCallCounter counter, string etag, string size)
    {
        progress.WriteLine($"counting storage calls ({size})...");

        // Warm first: the first request of a client also pays for connections and metadata.
        await ExpectAsync(Get(FeedPath), HttpStatusCode.OK).ConfigureAwait(false);
        await ExpectAsync(Get(SummaryPath), HttpStatusCode.OK).ConfigureAwait(false);

        var feed = await counter.CountAsync(() => ExpectAsync(Get(FeedPath), HttpStatusCode.OK)).ConfigureAwait(false);
        var notModified = await counter.CountAsync(() => ExpectAsync(Get(FeedPath, etag), HttpStatusCode.NotModified)).ConfigureAwait(false);
        var summary = await counter.CountAsync(() => ExpectAsync(Get(SummaryPath), HttpStatusCode.OK)).ConfigureAwait(false);
        var fullPage = await counter.CountAsync(() => ExpectAsync(Get(FeedPath + "?limit=100"), HttpStatusCode.OK)).ConfigureAwait(false);

        _results.Add(new ResultRow($"storage calls, warm GET {FeedPath} ({size})", Text(feed), Target: "<= 1", Met: feed <= 1));
        _results.Add(new ResultRow($"storage calls, GET {FeedPath} with If-None-Match, 304 ({size})", Text(notModified), Target: "<= 1", Met: notModified <= 1));
        _results.Add(new ResultRow($"storage calls, GET {SummaryPath} ({size})", Text(summary)));
        _results.Add(new ResultRow($"storage calls, GET {FeedPath}?limit=100 ({size})", Text(fullPage)));

        // Not a target, but it explains the ingest figures: what one new article costs in round trips.
        var ingest = await counter.CountAsync(async () =>
        {
            var status = await PostAsync(SampleArticles.Numbered(_seed, 2_000_000 + _probes++)).ConfigureAwait(false);
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/articles answered {(int)status}, expected 201.");
            }
        }).ConfigureAwait(false);
        _results.Add(new ResultRow($"storage calls, POST /api/articles, one new article ({size})", Text(ingest)));
    }

    private async Task MeasureThroughputAsync(string etag)
    {
        var duration = TimeSpan.FromSeconds(options.Seconds);
        const long MaxRequests = 5_000_000;
        var cpu = new Dictionary<string, string>();
        async Task<ThroughputResult> Load(string what, HttpStatusCode expected, Func<HttpRequestMessage> request)
        {
            progress.WriteLine($"throughput: {what}...");

            // A short untimed burst first, so every figure starts from warm connections and JIT-compiled code.
            await LoadDriver.RunAsync(options.Concurrency, TimeSpan.FromSeconds(2), MaxRequests, expected, _ => SendAsync(request())).ConfigureAwait(false);

            // CPU per request on each side: this process (the host and the load client) and Azurite, sharing the cores.
            using var self = Process.GetCurrentProcess();
            var (selfBefore, azuriteBefore) = (self.TotalProcessorTime, azurite.ProcessorTime);
            var result = await LoadDriver.RunAsync(options.Concurrency, duration, MaxRequests, expected, _ => SendAsync(request())).ConfigureAwait(false);
            self.Refresh();
            var requests = Math.Max(1, result.Succeeded + result.Failed);
            cpu[what] = $"CPU/request: host+client {ResultTable.Number((self.TotalProcessorTime - selfBefore).TotalMilliseconds / requests, 2)} ms, " +
                $"Azurite {ResultTable.Number((azurite.ProcessorTime - azuriteBefore).TotalMilliseconds / requests, 2)} ms" +
                (result.Failed > 0 ? $"; {result.Failed} unexpected answers" : "");
            return result;
        }

        var staticBytes = await Load("static bytes", HttpStatusCode.OK, () => Get(MeasuredApp.StaticPath)).ConfigureAwait(false);
        var feed = await Load("feed 200", HttpStatusCode.OK, () => Get(FeedPath)).ConfigureAwait(false);
        var notModified = await Load("feed 304", HttpStatusCode.NotModified, () => Get(FeedPath, etag)).ConfigureAwait(false);
        var summary = await Load("summary", HttpStatusCode.OK, () => Get(SummaryPath)).ConfigureAwait(false);
        var staticGzip = await Load("static gzip bytes", HttpStatusCode.OK, () => Get(MeasuredApp.StaticGzipPath)).ConfigureAwait(false);
        var feedGzip = await Load("feed gzip", HttpStatusCode.OK, () => Encoded(FeedPath, "gzip")).ConfigureAwait(false);

        var concurrency = $"{options.Concurrency} in flight, {_stored} articles";
        var feedRatio = feed.PerSecond / staticBytes.PerSecond;
        _results.Add(new ResultRow($"throughput, GET {MeasuredApp.StaticPath} (the feed's bytes, {app.Static.Current.Body.Length} B; {concurrency}; {cpu["static bytes"]})", PerSecond(staticBytes)));
        _results.Add(new ResultRow($"throughput, GET {FeedPath} 200 ({concurrency}; {cpu["feed 200"]})", PerSecond(feed), PerSecond(staticBytes), Ratio(feedRatio), ">= 0.50 of static", feedRatio >= 0.5));
        _results.Add(new ResultRow($"throughput, GET {FeedPath} 304 ({concurrency}; {cpu["feed 304"]})", PerSecond(notModified), PerSecond(staticBytes), Ratio(notModified.PerSecond / staticBytes.PerSecond)));
        _results.Add(new ResultRow($"throughput, GET {SummaryPath} 200 ({concurrency}; {cpu["summary"]})", PerSecond(summary), PerSecond(staticBytes), Ratio(summary.PerSecond / staticBytes.PerSecond)));
        var gzipRatio = feedGzip.PerSecond / staticGzip.PerSecond;
        _results.Add(new ResultRow($"throughput, GET {MeasuredApp.StaticGzipPath} (the feed's gzip bytes, {app.StaticGzip.Current.Body.Length} B; {concurrency}; {cpu["static gzip bytes"]})", PerSecond(staticGzip)));
        _results.Add(new ResultRow($"throughput, GET {FeedPath} 200, Accept-Encoding: gzip ({concurrency}; {cpu["feed gzip"]})", PerSecond(feedGzip), PerSecond(staticGzip), Ratio(gzipRatio), ">= 0.50 of static", gzipRatio >= 0.5));
    }

    private sealed record LatencySet(int Articles, LatencyResult Feed, LatencyResult Summary, LatencyResult RawQuery, LatencyResult ColdFeed, LatencyResult ColdSummary);

    private int _coldRequests;

    /// <summary>
    /// A request the render cache cannot answer: links are built from the Host header, so a Host never
    /// seen before is a new cache key, and the app must query storage and render, as on a cache miss.
    /// </summary>
    private HttpRequestMessage Cold(string path)
    {
        var request = Get(path);
        request.Headers.Host = $"cold-{Interlocked.Increment(ref _coldRequests)}.localhost";
        return request;
    }

    private async Task<LatencySet> MeasureLatencyAsync()
    {
        progress.WriteLine($"latency with {_stored} articles...");
        var budget = TimeSpan.FromSeconds(Math.Max(options.Seconds * 2, 5));
        const int Warmup = 20, Samples = 300;
        // The same range query the feed makes, sent straight to Azurite: what storage alone does with a bigger table.
        var table = new TableClient(azurite.ConnectionString, StorageNames.ArticlesTable);
        async Task<HttpStatusCode> RawQuery()
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.Shard(0)} and RowKey ge {ArticleKeys.Stats(ArticleKeys.AllListing)} and RowKey lt {ArticleKeys.End(ArticleKeys.AllListing)}");
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 22).AsPages().ConfigureAwait(false))
            {
                return page.Values.Count > 0 ? HttpStatusCode.OK : HttpStatusCode.NoContent;
            }

            return HttpStatusCode.NoContent;
        }

        // Interleaved, so a burst of load from elsewhere on the machine hits all three alike.
        var results = await LoadDriver.LatencyAsync(Warmup, Samples, budget, HttpStatusCode.OK,
            [() => SendAsync(Get(FeedPath)), () => SendAsync(Get(SummaryPath)), RawQuery, () => SendAsync(Cold(FeedPath)), () => SendAsync(Cold(SummaryPath))]).ConfigureAwait(false);
        return new LatencySet(_stored, results[0], results[1], results[2], results[3], results[4]);
    }

    private void CompareLatency(LatencySet small, LatencySet large)
    {
        void Row(string what, LatencyResult s, LatencyResult l, bool judged)
        {
            var ratio = l.MedianMs / s.MedianMs;
            _results.Add(new ResultRow(
                $"median latency, {what}, {large.Articles} vs {small.Articles} articles (p95 {ResultTable.Number(l.P95Ms, 2)} vs {ResultTable.Number(s.P95Ms, 2)} ms)",
                Ms(l.MedianMs), Ms(s.MedianMs), Ratio(ratio), judged ? "<= 1.5x" : null, judged ? ratio <= 1.5 : null));
        }

        Row($"GET {FeedPath}", small.Feed, large.Feed, judged: true);
        Row($"GET {SummaryPath}", small.Summary, large.Summary, judged: true);
        Row($"GET {FeedPath}, render cache missed (new Host each time)", small.ColdFeed, large.ColdFeed, judged: false);
        Row($"GET {SummaryPath}, render cache missed (new Host each time)", small.ColdSummary, large.ColdSummary, judged: false);
        Row("the feed's range query sent straight to Azurite", small.RawQuery, large.RawQuery, judged: false);
    }

    private async Task MeasureIngestAsync()
    {
        var raw = new TableClient(azurite.ConnectionString, RawTable);
        await raw.CreateIfNotExistsAsync().ConfigureAwait(false);
        var budget = TimeSpan.FromSeconds(Math.Max(options.Seconds * 3, 10));
        var next = 1_000_000;

        foreach (var concurrency in new[] { 1, options.IngestConcurrency }.Distinct())
        {
            progress.WriteLine($"ingest over HTTP, {concurrency} in flight...");
            var first = next;
            var http = await LoadDriver.RunAsync(concurrency, budget, options.IngestArticles, HttpStatusCode.Created,
                number => PostAsync(SampleArticles.Numbered(_seed, first + (int)number))).ConfigureAwait(false);
            next += options.IngestArticles + 1;

            progress.WriteLine($"raw upserts, {concurrency} in flight...");
            var rawFirst = next;
            var upserts = await LoadDriver.RunAsync(concurrency, budget, options.IngestArticles, HttpStatusCode.NoContent,
                async number =>
                {
                    using var response = await raw.UpsertEntityAsync(RawEntity(SampleArticles.Numbered(_seed, rawFirst + (int)number)), TableUpdateMode.Replace).ConfigureAwait(false);
                    return (HttpStatusCode)response.Status;
                }).ConfigureAwait(false);
            next += options.IngestArticles + 1;

            var failures = http.Failed > 0 ? $"; {http.Failed} failed" : "";
            _results.Add(new ResultRow($"raw single-entity upserts to Azurite ({concurrency} in flight, one partition)", $"{ResultTable.Number(upserts.PerSecond)}/s"));
            _results.Add(new ResultRow($"ingest, POST /api/articles JSON ({concurrency} in flight; {http.Succeeded} articles{failures})",
                $"{ResultTable.Number(http.PerSecond)} articles/s", $"{ResultTable.Number(upserts.PerSecond)} upserts/s", Ratio(http.PerSecond / upserts.PerSecond)));
        }
    }

    /// <summary>An entity of the article row's own shape and size, written with one blind upsert.</summary>
    private static TableEntity RawEntity(Article article)
    {
        var fingerprint = ArticleFingerprint.Compute(article);
        var entity = new TableEntity(ArticleKeys.PartitionOf(article.Id), ArticleKeys.Article(article.Id));
        ArticleEntityCodec.Write(entity, article, fingerprint, ArticleEntityCodec.Encode(article, fingerprint));
        return entity;
    }

    private async Task<HttpStatusCode> PostAsync(Article article)
    {
        var body = ScaleOutArticles.PublisherJson(article);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-functions-key", MeasuredApp.FunctionKey);
        return await SendAsync(request).ConfigureAwait(false);
    }

    private static HttpRequestMessage Get(string path, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return request;
    }

    /// <summary>Sends and reads the whole body, as a feed reader would, and answers the status.</summary>
    private async Task<HttpStatusCode> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            return response.StatusCode;
        }
    }

    private async Task ExpectAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        var path = request.RequestUri;
        var status = await SendAsync(request).ConfigureAwait(false);
        if (status != expected)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)status}, expected {(int)expected}.");
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string PerSecond(ThroughputResult result) => $"{ResultTable.Number(result.PerSecond)}/s";

    private static string Ms(double value) => $"{ResultTable.Number(value, 2)} ms";

    private static string Ratio(double value) => ResultTable.Number(value, 2);
}
