using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class MarkdownArticleReaderTests
{
    private readonly ArticleParser _parser = new(new FixedClock());

    [Fact]
    public void Parse_MarkdownSeed_TakesFrontMatterAndRendersBody()
    {
        var article = _parser.Parse(TestFiles.Seed("technology-city-trials-open-data-transit-api.md"), ArticleFormat.Markdown, new ArticleSource(ArticleSource.Blob));

        Assert.Equal("City trials an open data API for real-time bus arrivals", article.Title);
        Assert.Equal("2025-08-11-city-trials-an-open-data-api-for-real-time-bus-arrivals", article.Id);
        Assert.Equal(new ArticleSection("technology", "Technology"), article.Section);
        Assert.Equal(["transport", "open data", "APIs"], article.Tags);
        Assert.Equal([new ArticleAuthor("Jonas Weber")], article.Authors);
        Assert.Equal("City Transit Authority", article.Image?.Credit);
        Assert.Contains("<strong>open licence</strong>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<h2", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<li>live vehicle positions and delays</li>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("---", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoFrontMatterTitle_TakesLeadingHeading()
    {
        var draft = MarkdownArticleReader.Read("# The heading title\n\nBody text.");

        Assert.Equal("The heading title", draft.Title);
        Assert.Equal("\nBody text.", draft.Body?.Content);
    }

    [Fact]
    public void Read_BrokenYaml_NamesTheLine()
    {
        var error = Assert.Throws<ArticleValidationException>(() => MarkdownArticleReader.Read("---\ntitle: ok\ntags: [a, b\n---\nBody"));

        Assert.Contains("front matter is not valid at line", error.Message, StringComparison.Ordinal);
        Assert.True(error.Errors.ContainsKey("frontMatter"));
    }

    [Fact]
    public void Parse_RawScriptInMarkdown_IsRemoved()
    {
        var article = _parser.Parse("---\ntitle: T\nsection: World\n---\nHello <script>alert(1)</script> world.", ArticleFormat.Markdown, new ArticleSource(ArticleSource.Http));

        Assert.Equal("<p>Hello  world.</p>", article.ContentHtml);
    }

    [Theory]
    [InlineData("---\nbase: &b {section: World}\ntitle: T\n---\nBody", "anchors and aliases")]
    [InlineData("---\ntitle: T\ntags: *missing\n---\nBody", "anchors and aliases")]
    [InlineData("---\ntitle: T\n<<: {section: World}\n---\nBody", "merge keys")]
    [InlineData("---\ntitle: T\nx: [[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]\n---\nBody", "more than 16 levels deep")]
    public void Read_FrontMatterThatCouldExpand_RejectedNamingWhy(string markdown, string reason)
    {
        var error = Assert.Throws<ArticleValidationException>(() => MarkdownArticleReader.Read(markdown));

        Assert.Contains(reason, error.Errors["frontMatter"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FrontMatterPastItsLength_RejectedNamingTheLimit()
    {
        var error = Assert.Throws<ArticleValidationException>(() =>
            MarkdownArticleReader.Read("---\ntitle: " + new string('a', ArticleLimits.FrontMatterLength) + "\n---\nBody"));

        Assert.Contains($"at most {ArticleLimits.FrontMatterLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotesNestedPastTheLineLimit_Rejected()
    {
        var markdown = "---\ntitle: T\nsection: World\n---\nFine.\n\n" + new string('>', ArticleLimits.MarkdownLineNesting + 1) + " deep";

        var error = Assert.Throws<ArticleValidationException>(() => _parser.Parse(markdown, ArticleFormat.Markdown, new ArticleSource(ArticleSource.Http)));

        Assert.Contains("Line 3 of the Markdown body (after any front matter) opens more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListsAndQuotesWithinTheLimit_Rendered()
    {
        var markdown = "---\ntitle: T\nsection: World\n---\n> - 1. quoted list\n> - 2. item\n\n- a\n  - b\n    - c\n";

        var article = _parser.Parse(markdown, ArticleFormat.Markdown, new ArticleSource(ArticleSource.Http));

        Assert.Contains("<blockquote>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<li>c</li>", article.ContentHtml, StringComparison.Ordinal);
    }
}
