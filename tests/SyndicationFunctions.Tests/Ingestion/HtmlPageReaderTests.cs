using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class HtmlPageReaderTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
          <title>Page title | Example News</title>
          <meta property="og:title" content="OpenGraph title">
          <meta property="og:description" content="OpenGraph description.">
          <meta property="og:image" content="https://news.example.org/og.jpg">
          <link rel="canonical" href="https://news.example.org/world/rivers">
          <script type="application/ld+json">{ "@context": "https://schema.org", "@graph": [
            { "@type": "WebSite", "name": "Example News" },
            { "@type": ["NewsArticle"], "headline": "Rivers swell after record rainfall", "datePublished": "2025-02-03T10:00:00+01:00",
              "articleSection": ["World"], "keywords": "weather, floods", "author": [{ "@type": "Person", "name": "Mia Ortega" }],
              "image": { "@type": "ImageObject", "url": "/img/river.jpg", "caption": "The river at dawn." } } ] }</script>
        </head>
        <body>
          <nav><a href="/">Home</a></nav>
          <article>
            <header><h1>Rivers swell after record rainfall</h1></header>
            <h1>Rivers swell after record rainfall</h1>
            <p>Rivers rose <a href="/world/levels">above warning levels</a> on Monday.</p>
            <aside>Most read: something else</aside>
            <p onclick="x()">Residents were moved to higher ground.</p>
          </article>
          <footer>Copyright</footer>
        </body>
        </html>
        """;

    private readonly ArticleParser _parser = new(new FixedClock());

    [Fact]
    public void Parse_PageWithJsonLd_PrefersJsonLdAndKeepsOnlyTheArticle()
    {
        var article = _parser.Parse(Page, ArticleFormat.Html, new ArticleSource(ArticleSource.Http));

        Assert.Equal("Rivers swell after record rainfall", article.Title);
        Assert.Equal("OpenGraph description.", article.Summary);
        Assert.Equal(new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(new ArticleSection("world", "World"), article.Section);
        Assert.Equal(["weather", "floods"], article.Tags);
        Assert.Equal([new ArticleAuthor("Mia Ortega")], article.Authors);
        Assert.Equal("https://news.example.org/world/rivers", article.Url);
        Assert.Equal(new ArticleImage("https://news.example.org/img/river.jpg", "The river at dawn."), article.Image);
        Assert.Equal("en-GB", article.Language);
        Assert.Equal(
            "<p>Rivers rose <a href=\"https://news.example.org/world/levels\">above warning levels</a> on Monday.</p>\n    \n    <p>Residents were moved to higher ground.</p>",
            article.ContentHtml);
    }

    [Fact]
    public void Read_PageWithoutJsonLd_FallsBackToOpenGraphThenTitle()
    {
        var withOpenGraph = HtmlPageReader.Read("<html><head><title>Plain title</title><meta property=\"og:title\" content=\"OG title\"></head><body><main><p>Body.</p></main></body></html>");
        var titleOnly = HtmlPageReader.Read("<html><head><title>Plain title</title></head><body><p>Body.</p></body></html>");

        Assert.Equal("OG title", withOpenGraph.Title);
        Assert.Equal("<p>Body.</p>", withOpenGraph.Body?.Content);
        Assert.Equal("Plain title", titleOnly.Title);
    }

    [Fact]
    public void Read_BrokenJsonLd_IsSkipped()
    {
        var draft = HtmlPageReader.Read("<html><head><script type=\"application/ld+json\">{ not json</script><meta name=\"description\" content=\"Desc.\"><title>T</title></head><body><article><p>x</p></article></body></html>");

        Assert.Equal("T", draft.Title);
        Assert.Equal("Desc.", draft.Summary);
    }

    [Fact]
    public void Parse_HtmlSeed_TakesMetadataAndArticleBodyOnly()
    {
        var article = _parser.Parse(TestFiles.Seed("health-clinics-extend-evening-hours.html"), ArticleFormat.Html, new ArticleSource(ArticleSource.Blob));

        Assert.Equal("2025-09-15-clinics-extend-evening-hours-to-cut-waiting-lists", article.Id);
        Assert.Equal(new ArticleSection("health", "Health"), article.Section);
        Assert.Equal("https://news.example.org/images/clinic-reception.jpg", article.Image?.Url);
        Assert.Contains("<a href=\"https://news.example.org/health/booking\">", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<h2>Staffing the later shifts</h2>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Most read", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", article.ContentHtml, StringComparison.Ordinal);
    }
}
