using BenchmarkDotNet.Attributes;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Benchmarks;

/// <summary>
/// The seed layout (seeds/turkiye-un-welcomes-istanbul-talks.txt): the layout reader alone, and the whole
/// parse an ingest pays (layout, then normalisation and HTML sanitising).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SeedParsingBenchmarks
{
    private readonly ArticleParser _parser = new(TimeProvider.System);
    private readonly ArticleSource _source = new(ArticleSource.Blob, SampleArticles.SeedFileName);
    private string _text = null!;

    [GlobalSetup]
    public void ReadSeed() => _text = SampleArticles.SeedText();

    [Benchmark(Baseline = true)]
    public ArticleDraft SeedLayout() => SeedLayoutParser.Read(_text);

    [Benchmark]
    public Article ParseAndNormalize() => _parser.Parse(_text, ArticleFormat.SeedText, _source);
}
