using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// <c>write</c>: N local host processes behind one Azurite whose every storage call pays a latency (<see cref="SlowStorage"/>),
/// each taking new articles with a fixed number in flight, while a poller follows <c>/api/changes</c> from the start.
/// It reports writes per second, write-conflict retries per write (counted from the hosts' logs), 503s, whether the
/// summary's counts match what was written, and whether the poller saw every article exactly once. With
/// <c>--baseline-commit</c> the same run is made against that commit's local host, on a fresh Azurite behind the same
/// proxy, and the ratio printed.
/// </summary>
public static class WriteBenchmark
{
    public const string Usage =
        "write options: --hosts N (4) --in-flight N (16, per host) --articles N (2000) --latency-ms N (20) --sections N (40) " +
        "--tags N (200) --minutes N (20, the most one write phase may take) --app PATH (a local host dll; default this checkout's) " +
        "--baseline-commit COMMIT (also build and run that commit's local host) --baseline-articles N (--articles) " +
        "--retry-log TEXT (the log text of one write-conflict retry; 'lost a race')";

    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        ["--hosts"] = "4",
        ["--in-flight"] = "16",
        ["--articles"] = "2000",
        ["--latency-ms"] = "20",
        ["--sections"] = "40",
        ["--tags"] = "200",
        ["--minutes"] = "20",
        ["--app"] = null,
        ["--baseline-commit"] = null,
        ["--baseline-articles"] = null,
        ["--retry-log"] = "lost a race",
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        ScaleOutOptions options;
        WritePlan plan;
        string appDll;
        try
        {
            options = ScaleOutOptions.Parse(args, Defaults, Usage);
            plan = new WritePlan(
                options.Number("--hosts"), options.Number("--in-flight"), TimeSpan.FromMilliseconds(options.Number("--latency-ms", 0)),
                TimeSpan.FromMinutes(options.Number("--minutes")), options.Text("--retry-log")!,
                new ScaleOutArticles(options.Number("--sections"), options.Number("--tags")));
            appDll = options.Text("--app") is { } app ? HostProcess.Resolve(app) : HostProcess.CurrentHostDll();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            progress.WriteLine(ex.Message);
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var commit = options.Text("--baseline-commit");
        var baselineDll = commit is null ? null : await ReleaseBuild.BuildLocalHostAsync(HostProcess.RepositoryRoot(), commit, progress).ConfigureAwait(false);

        var current = await RunOneAsync(plan, "current", appDll, options.Number("--articles"), progress).ConfigureAwait(false);
        var baseline = baselineDll is null ? null
            : await RunOneAsync(plan, "baseline " + commit, baselineDll, options.Text("--baseline-articles") is null ? options.Number("--articles") : options.Number("--baseline-articles"), progress).ConfigureAwait(false);

        output.WriteLine($"Writes under latency, {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, write {options}");
        output.WriteLine($"current: {appDll}");
        if (baseline is not null)
        {
            output.WriteLine($"baseline: {baselineDll}");
        }

        output.WriteLine();
        output.Write(Table(plan, current, baseline));
        return 0;
    }

    private static async Task<WriteResult> RunOneAsync(WritePlan plan, string label, string hostDll, int articles, TextWriter progress)
    {
        progress.WriteLine($"{label}: Azurite, proxies ({plan.Latency.TotalMilliseconds:F0} ms), {plan.Hosts} local hosts of {hostDll}...");
        await using var storage = await SlowStorage.StartAsync(plan.Latency).ConfigureAwait(false);
        var calibration = await storage.CalibrateAsync().ConfigureAwait(false);
        progress.WriteLine($"  calibration: point read {calibration.DirectMs:F2} ms direct, {calibration.ProxiedMs:F2} ms through the proxy");

        var hosts = new List<HostProcess>();
        try
        {
            hosts.AddRange(await Task.WhenAll(Enumerable.Range(0, plan.Hosts)
                .Select(_ => HostProcess.StartAsync(hostDll, storage.ConnectionString, plan.RetryLog))).ConfigureAwait(false));
            foreach (var host in hosts)
            {
                (await host.Client.GetAsync(new Uri("/api/summary", UriKind.Relative)).ConfigureAwait(false)).Dispose();
                (await host.Client.GetAsync(new Uri("/api/changes", UriKind.Relative)).ConfigureAwait(false)).Dispose();
            }

            var retriesBefore = hosts.Sum(h => h.Counted);
            var written = new TaskCompletionSource<IReadOnlyCollection<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var poller = ChangePoller.FollowAsync(hosts[0].Client, written.Task, plan.Budget + TimeSpan.FromMinutes(2));

            progress.WriteLine($"  writing {articles} articles, {plan.InFlight} in flight on each of {plan.Hosts} hosts...");
            var writes = await WriteAllAsync(plan, hosts, articles, progress).ConfigureAwait(false);
            written.SetResult(writes.Ids.Keys.ToList());
            progress.WriteLine($"  {writes.Ids.Count} written in {writes.Elapsed.TotalSeconds:F1} s; waiting for the change feed...");
            var changes = await poller.ConfigureAwait(false);

            // The summary is rendered at most every 2 s per instance; after that every host must agree with what was written.
            await Task.Delay(TimeSpan.FromSeconds(2.5)).ConfigureAwait(false);
            var summaries = new List<(int Total, Dictionary<string, int> Sections)>();
            foreach (var host in hosts)
            {
                summaries.Add(await SummaryAsync(host.Client).ConfigureAwait(false));
            }

            var expected = writes.Ids.Values.GroupBy(slug => slug).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var (total, sections) = summaries[0];
            var exactSections = expected.Count(e => sections.GetValueOrDefault(e.Key) == e.Value);
            var extraSections = sections.Keys.Count(slug => !expected.ContainsKey(slug));
            var retries = hosts.Sum(h => h.Counted) - retriesBefore;
            return new WriteResult(label, articles, writes, retries, total, summaries.All(s => s.Total == total), exactSections, expected.Count, extraSections,
                changes, calibration);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every article once, <see cref="WritePlan.InFlight"/> loops per host taking the next from one queue; a 503 is retried after its Retry-After (at most 5 s, 10 times).</summary>
    private static async Task<WriteOutcome> WriteAllAsync(WritePlan plan, List<HostProcess> hosts, int articles, TextWriter progress)
    {
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, articles));
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failures = new ConcurrentDictionary<int, int>();
        long unavailable = 0;
        var clock = Stopwatch.StartNew();
        var report = clock.Elapsed;
        var loops = hosts.SelectMany(host => Enumerable.Range(0, plan.InFlight).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < plan.Budget && queue.TryDequeue(out var index))
            {
                var body = plan.Articles.Json("w", index);
                for (var attempt = 1; ; attempt++)
                {
                    var (status, retryAfter) = await PostAsync(host.Client, body).ConfigureAwait(false);
                    if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        ids[$"w-{index:D6}"] = plan.Articles.SectionSlug(index);
                        break;
                    }

                    if (status == HttpStatusCode.ServiceUnavailable && attempt < 10 && clock.Elapsed < plan.Budget)
                    {
                        Interlocked.Increment(ref unavailable);
                        await Task.Delay(retryAfter).ConfigureAwait(false);
                        continue;
                    }

                    failures.AddOrUpdate((int)status, 1, (_, n) => n + 1);
                    break;
                }

                if (clock.Elapsed - report > TimeSpan.FromSeconds(10))
                {
                    report = clock.Elapsed;
                    progress.WriteLine($"    {ids.Count} written ({ids.Count / clock.Elapsed.TotalSeconds:F1}/s), {Interlocked.Read(ref unavailable)} 503s, {hosts.Sum(h => h.Counted)} retries logged");
                }
            }
        })));
        await Task.WhenAll(loops).ConfigureAwait(false);
        return new WriteOutcome(ids, clock.Elapsed, unavailable, failures.ToDictionary(), queue.Count);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan RetryAfter)> PostAsync(HttpClient client, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/articles", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-functions-key", HostProcess.FunctionKey);
        try
        {
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            return (response.StatusCode, retryAfter > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : retryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, TimeSpan.Zero);
        }
    }

    /// <summary>The summary's total and each section's count.</summary>
    public static async Task<(int Total, Dictionary<string, int> Sections)> SummaryAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/summary", UriKind.Relative)).ConfigureAwait(false));
        var root = document.RootElement;
        return (root.GetProperty("totalArticles").GetInt32(),
            root.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("slug").GetString()!, s => s.GetProperty("articleCount").GetInt32(), StringComparer.Ordinal));
    }

    private static string Table(WritePlan plan, WriteResult current, WriteResult? baseline)
    {
        var rows = new List<string>
        {
            $"| measure | {current.Label} | {baseline?.Label ?? "(no baseline)"} | ratio | target | met |",
            "| --- | ---: | ---: | ---: | --- | --- |",
        };

        void Row(string measure, Func<WriteResult, string> value, string ratio = "", string target = "", bool? met = null)
            => rows.Add($"| {measure} | {value(current)} | {(baseline is null ? "" : value(baseline))} | {ratio} | {target} | {met switch { true => "yes", false => "**no**", null => "" }} |");

        Row("point read through the proxy vs straight to Azurite (median of 100)", r => $"{r.Calibration.ProxiedMs:F1} vs {r.Calibration.DirectMs:F1} ms");
        Row("articles written (201) of those sent", r => $"{r.Writes.Ids.Count:N0} of {r.Articles:N0}{(r.Writes.Unsent > 0 ? $" ({r.Writes.Unsent} unsent: time ran out)" : "")}");
        var ratio = baseline is null ? null : (double?)(current.WritesPerSecond / baseline.WritesPerSecond);
        Row($"writes per second ({plan.Hosts} hosts x {plan.InFlight} in flight, wall clock of the write phase)", r => $"{r.WritesPerSecond:N1}/s ({r.Writes.Elapsed.TotalSeconds:F1} s)",
            ratio is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "", ">= 5x baseline", ratio is { } y ? y >= 5 : null);
        Row("write-conflict retries logged, per write", r => $"{r.RetriesPerWrite:F3} ({r.Retries:N0})", target: "<= 0.05", met: current.RetriesPerWrite <= 0.05);
        Row("503 answers (each retried after Retry-After)", r => r.Writes.Unavailable.ToString("N0", CultureInfo.InvariantCulture));
        Row("other failed writes", r => r.Writes.Failures.Count == 0 ? "0" : string.Join(", ", r.Writes.Failures.Select(f => $"{f.Value} x {(f.Key == 0 ? "no answer" : f.Key.ToString(CultureInfo.InvariantCulture))}")));
        Row("summary totalArticles vs written (every host)", r => $"{r.SummaryTotal:N0} vs {r.Writes.Ids.Count:N0}{(r.HostsAgree ? "" : "; hosts disagree")}",
            target: "exact", met: current.SummaryTotal == current.Writes.Ids.Count && current.HostsAgree);
        Row("sections whose count is exact", r => $"{r.ExactSections} of {r.SectionsWritten}{(r.ExtraSections > 0 ? $"; {r.ExtraSections} unexpected" : "")}",
            target: "all", met: current.ExactSections == current.SectionsWritten && current.ExtraSections == 0);
        Row("change feed: changes read / written articles seen / duplicates / missing / foreign", r => $"{r.Changes.Received:N0} / {r.Changes.Distinct:N0} / {r.Changes.Duplicates} / {r.Missing} / {r.Foreign}",
            target: "each exactly once", met: current.Changes.Duplicates == 0 && current.Missing == 0 && current.Foreign == 0);
        Row("change feed: sequence numbers increasing / pages / failed pages", r => $"{(r.Changes.Ordered ? "yes" : "**no**")} / {r.Changes.Pages:N0} / {r.Changes.FailedPages}{(r.Changes.FailedPages == 0 ? "" : " (" + string.Join(", ", r.Changes.Failed.Select(f => $"{f.Value} x {(f.Key == 0 ? "no answer" : f.Key.ToString(CultureInfo.InvariantCulture))}")) + ")")}");
        Row("change feed: caught up after the last write", r => $"{r.Changes.CaughtUpAfterWrites.TotalSeconds:F1} s");
        return string.Join('\n', rows) + "\n";
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record WritePlan(int Hosts, int InFlight, TimeSpan Latency, TimeSpan Budget, string RetryLog, ScaleOutArticles Articles);

    /// <param name="Ids">Each article written (201 or 200) and its section's slug.</param>
    /// <param name="Failures">Writes given up, by status (0: no answer).</param>
    /// <param name="Unsent">Articles never sent because the time budget ran out.</param>
    private sealed record WriteOutcome(ConcurrentDictionary<string, string> Ids, TimeSpan Elapsed, long Unavailable, Dictionary<int, int> Failures, int Unsent);

    private sealed record WriteResult(
        string Label, int Articles, WriteOutcome Writes, long Retries, int SummaryTotal, bool HostsAgree, int ExactSections, int SectionsWritten, int ExtraSections,
        ChangePoller.Result Changes, (double DirectMs, double ProxiedMs) Calibration)
    {
        public double WritesPerSecond => Writes.Ids.Count / Writes.Elapsed.TotalSeconds;

        public double RetriesPerWrite => Writes.Ids.IsEmpty ? 0 : (double)Retries / Writes.Ids.Count;

        public int Missing => Writes.Ids.Keys.Count(id => !Changes.Seen.ContainsKey(id));

        public int Foreign => Changes.Seen.Keys.Count(id => !Writes.Ids.ContainsKey(id));
    }
}
