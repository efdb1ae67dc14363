using System.Diagnostics;
using System.Globalization;
using System.Text;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Testing;

// The CPU time of reading each hostile body at the body limit, as a ratio to a normal article of the
// same size and format read in the same run. Usage: dotnet run -c Release -- [--size BYTES] [--runs N] [--filter TEXT]
var size = Option("--size", HostileBodies.OneMiB);
var runs = Option("--runs", 5);
var filter = args.SkipWhile(a => a != "--filter").Skip(1).FirstOrDefault();
var parser = new ArticleParser(TimeProvider.System);
var source = new ArticleSource(ArticleSource.Http);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Body size {size} bytes, best of {runs} runs, CPU time of the whole process."));
var baselines = new Dictionary<ArticleFormat, double>();
foreach (var shape in HostileBodies.Normal)
{
    var (cpu, outcome) = Measure(shape);
    baselines[shape.Format] = cpu;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {shape.Name,-32} | {cpu,9:F1} ms | {"1.00",7} | {outcome}"));
}

var worst = 0.0;
foreach (var shape in HostileBodies.Hostile.Where(s => filter is null || s.Name.Contains(filter, StringComparison.Ordinal)))
{
    var (cpu, outcome) = Measure(shape);
    var ratio = cpu / baselines[shape.Format];
    worst = Math.Max(worst, ratio);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {shape.Name,-32} | {cpu,9:F1} ms | {ratio,7:F2} | {outcome}"));
}

// A batch of 100 NDJSON lines, each a deeply nested Markdown article, against 100 normal Markdown articles of the
// same size: the CPU part of POST /api/articles/batch and of an .ndjson inbox file (split, read, clean each item).
var ingestor = new ArticleIngestor(parser, null!, Microsoft.Extensions.Logging.Abstractions.NullLogger<ArticleIngestor>.Instance);
const int BatchLines = 100;
var normalBatch = MeasureBatch(HostileBodies.NdjsonBatch(HostileBodies.NormalMarkdownBody, BatchLines, size));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"batch-normal-markdown",-32} | {normalBatch.CpuMs,9:F1} ms | {"1.00",7} | {normalBatch.Outcome}"));
foreach (var (name, build) in HostileBodies.NestedMarkdown.Where(s => filter is null || ("batch-" + s.Name).Contains(filter, StringComparison.Ordinal)))
{
    var (cpu, outcome) = MeasureBatch(HostileBodies.NdjsonBatch(build, BatchLines, size));
    var ratio = cpu / normalBatch.CpuMs;
    worst = Math.Max(worst, ratio);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"batch-" + name,-32} | {cpu,9:F1} ms | {ratio,7:F2} | {outcome}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Worst ratio: {worst:F2} (target at most 5)"));
return worst <= 5 ? 0 : 1;

(double CpuMs, string Outcome) Measure(HostileBodies.Shape shape)
{
    var body = shape.Build(size);
    var (best, outcome) = BestOfRuns(() =>
    {
        try
        {
            var article = parser.Parse(body, shape.Format, source);
            return $"stored: {Encoding.UTF8.GetByteCount(article.ContentHtml)} bytes of HTML";
        }
        catch (ArticleValidationException ex)
        {
            return "400: " + ex.Message;
        }
    });
    return (best, outcome.Length > 90 ? outcome[..90] + "…" : outcome);
}

(double CpuMs, string Outcome) MeasureBatch(string ndjson)
{
    var (best, outcome) = BestOfRuns(() =>
    {
        var (stored, invalid, bytes) = (0, 0, 0L);
        string? reason = null;
        foreach (var item in BatchReader.Read(ndjson, BatchFraming.Ndjson))
        {
            try
            {
                bytes += Encoding.UTF8.GetByteCount(ingestor.Prepare(item.Json!, ArticleFormat.Json, source).ContentHtml);
                stored++;
            }
            catch (ArticleValidationException ex)
            {
                invalid++;
                reason ??= ex.Message;
            }
        }

        return $"{stored} stored ({bytes} bytes of HTML), {invalid} 400" + (reason is null ? "" : ": " + reason);
    });
    return (best, outcome.Length > 110 ? outcome[..110] + "…" : outcome);
}

// The least CPU time of `runs` runs of `once`, each after a full collection, and what the last run reported.
(double CpuMs, string Outcome) BestOfRuns(Func<string> once)
{
    var best = double.MaxValue;
    var outcome = "";
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        outcome = once();
        best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
    }

    return (best, outcome);
}

int Option(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}
