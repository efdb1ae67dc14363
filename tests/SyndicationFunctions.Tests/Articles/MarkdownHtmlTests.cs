using System.Text.RegularExpressions;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.Tests.Articles;

/// <summary>The bounds on what Markdown may render to: its size, its elements per character, its depth.</summary>
public sealed class MarkdownHtmlTests
{
    /// <summary>About the size of one article of a full batch.</summary>
    private const int ItemSize = 10_000;

    private static Func<int, string> Nested(string name) => HostileBodies.NestedMarkdown.Single(shape => shape.Name == name).Build;

    private static int Count(string html, string tag) => Regex.Count(html, $"<{tag}>");

    [Theory]
    [InlineData("quotes", "more than 3 times its own")]
    [InlineData("list-markers", "more than 3 times its own")]
    [InlineData("headings-in-quotes", "more than 3 times its own")]
    [InlineData("emphasis", "nests elements more than 16 deep")]
    [InlineData("mixed-emphasis", "nests elements more than 16 deep")]
    [InlineData("list-markers-at-the-limits", "holds more than")]
    [InlineData("emphasis-at-the-limits", "holds more than")]
    public void FromMarkdown_NestedPastTheBounds_400NamingTheBound(string shape, string reason)
    {
        var error = Assert.Throws<ArticleValidationException>(() => MarkdownHtml.FromMarkdown(Nested(shape)(ItemSize)));

        var message = Assert.Single(error.Errors["contentMarkdown"]);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("flatten", message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMarkdown_QuotesEightDeepWithText_RenderedWhole()
    {
        var markdown = Nested("quotes-at-the-limits")(ItemSize);
        var paragraphs = Regex.Count(markdown, "\n\n");

        var html = MarkdownHtml.FromMarkdown(markdown);

        Assert.Equal(8 * paragraphs, Count(html, "blockquote"));
        Assert.Equal(paragraphs, Count(html, "p"));
    }

    [Fact]
    public void FromMarkdown_TableOfShortCells_Rendered()
    {
        var html = MarkdownHtml.FromMarkdown(Nested("table-at-the-limits")(ItemSize));

        Assert.True(Count(html, "td") > 500);
    }

    [Fact]
    public void FromMarkdown_ArticleNestingAsPeopleWriteIt_Rendered()
    {
        const string Markdown = """
            Intro with **bold and *nested* emphasis** and a [link](https://e.example/).

            > A quote
            >
            > - with a list
            >   - nested once
            >     - and twice, *with emphasis*
            >       1. and a numbered item

            | Team | P | Pts |
            |---|---|---|
            | Harbour FC | 38 | 84 |
            """;

        var html = MarkdownHtml.FromMarkdown(Markdown);

        Assert.Equal(3, Count(html, "ul"));
        Assert.Equal(1, Count(html, "ol"));
        Assert.Contains("<td>Harbour FC</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FromMarkdown_ShortBodyDenserThanTheRatio_AcceptedWithinTheAllowance()
    {
        // 40 nested-emphasis pairs in a few hundred characters: past one element per 16 characters, within the allowance.
        var markdown = string.Concat(Enumerable.Repeat("*_a_* ", 40));

        var html = MarkdownHtml.FromMarkdown(markdown);

        Assert.Equal(80, Count(html, "em"));
    }
}
