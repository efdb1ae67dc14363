using System.Globalization;

namespace SyndicationFunctions.LoadTest;

/// <param name="Articles">The large archive the latency comparison stores (spec: 10,000).</param>
/// <param name="SmallArticles">The small archive it is compared with (spec: 100).</param>
/// <param name="Seconds">How long each throughput measurement runs.</param>
/// <param name="Concurrency">Requests in flight during throughput measurements.</param>
/// <param name="IngestArticles">Articles (and raw upserts) per ingest measurement, at most.</param>
/// <param name="IngestConcurrency">Requests in flight during the concurrent ingest measurements.</param>
/// <param name="SeedMinutes">The most time the store may take to fill the large archive; the run goes on with what it holds then.</param>
public sealed record LoadTestOptions(
    int Articles = 10_000,
    int SmallArticles = 100,
    int Seconds = 10,
    int Concurrency = 16,
    int IngestArticles = 300,
    int IngestConcurrency = 8,
    int SeedMinutes = 30)
{
    public const string Usage =
        "options: --articles N (10000) --small N (100) --seconds N (10) --concurrency N (16) " +
        "--ingest-articles N (300) --ingest-concurrency N (8) --seed-minutes N (30)";

    public static LoadTestOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"'{args[i]}' needs a positive whole number. {Usage}");
            }

            options = args[i] switch
            {
                "--articles" => options with { Articles = value },
                "--small" => options with { SmallArticles = value },
                "--seconds" => options with { Seconds = value },
                "--concurrency" => options with { Concurrency = value },
                "--ingest-articles" => options with { IngestArticles = value },
                "--ingest-concurrency" => options with { IngestConcurrency = value },
                "--seed-minutes" => options with { SeedMinutes = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }

        return options.Articles < options.SmallArticles
            ? throw new ArgumentException($"--articles must be at least --small. {Usage}")
            : options;
    }
}
