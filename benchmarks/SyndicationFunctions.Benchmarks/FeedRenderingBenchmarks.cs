using BenchmarkDotNet.Attributes;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Benchmarks;

/// <summary>One full feed page (the maximum of 100 items) rendered by each writer, from articles of the seed's size.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FeedRenderingBenchmarks
{
    private readonly RssFeedWriter _rss = new();
    private readonly AtomFeedWriter _atom = new();
    private readonly JsonFeedWriter _json = new();
    private FeedDocument _feed = null!;

    [Params(100)]
    public int Items { get; set; }

    [GlobalSetup]
    public void BuildFeed()
    {
        var links = new PublicLinks(new Uri("https://news.example.org/"));
        var articles = SampleArticles.Series(Items);
        _feed = new FeedDocument(
            FeedIds.ForFeed(FeedScope.Every),
            "SyndicationFunctions",
            "The latest articles from SyndicationFunctions.",
            links.Feed(FeedScope.Every, RssFeedWriter.FormatName, Items, null),
            links.Home,
            links.Feed(FeedScope.Every, RssFeedWriter.FormatName, Items, "next-page"),
            "en",
            articles[0].Updated,
            articles.Select(a => new FeedEntry(a, links.ArticleLink(a))).ToList());
    }

    [Benchmark(Baseline = true)]
    public byte[] Rss() => _rss.Write(_feed);

    [Benchmark]
    public byte[] Atom() => _atom.Write(_feed);

    [Benchmark]
    public byte[] JsonFeed() => _json.Write(_feed);
}
