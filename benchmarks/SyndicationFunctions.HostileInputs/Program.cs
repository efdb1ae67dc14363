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

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Worst ratio: {worst:F2} (target at most 5)"));
return worst <= 5 ? 0 : 1;

(double CpuMs, string Outcome) Measure(HostileBodies.Shape shape)
{
    var body = shape.Build(size);
    var best = double.MaxValue;
    var outcome = "";
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            var article = parser.Parse(body, shape.Format, source);
            outcome = $"stored: {Encoding.UTF8.GetByteCount(article.ContentHtml)} bytes of HTML";
        }
        catch (ArticleValidationException ex)
        {
            outcome = "400: " + ex.Message;
        }

        best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
    }

    return (best, outcome.Length > 90 ? outcome[..90] + "…" : outcome);
}

int Option(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}
