using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.Tests.Ingestion;

/// <summary>
/// Every hostile shape, at the 1 MiB body limit, ends as a stored article or a validation error, never
/// another exception. Where a limit decides, the pre-pass that enforces it is linear, so the test checks
/// that the limit (and not some parser's own failure after heavy work) is what answered.
/// </summary>
public class HostileInputTests
{
    private static readonly ArticleParser Parser = new(TimeProvider.System);

    public static TheoryData<string> HostileShapes()
    {
        var data = new TheoryData<string>();
        foreach (var shape in HostileBodies.Hostile)
            data.Add(shape.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileShapes))]
    public void Parse_HostileShapeAtTheBodyLimit_StoredBoundedOrRejectedAsInvalid(string name)
    {
        var shape = HostileBodies.Hostile.Single(s => s.Name == name);
        var body = shape.Build(HostileBodies.OneMiB);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(body), 1, HostileBodies.OneMiB);

        try
        {
            var article = Parser.Parse(body, shape.Format, new ArticleSource(ArticleSource.Http));
            // Accepted: cleaning never multiplies the input.
            Assert.True(article.ContentHtml.Length <= 3 * body.Length, $"{article.ContentHtml.Length} characters of HTML from {body.Length}");
        }
        catch (ArticleValidationException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Theory]
    [InlineData("html-nested-div", "nests elements more than 256 deep")]
    [InlineData("html-nested-inline", "nests elements more than 256 deep")]
    [InlineData("html-nested-table", "nests elements more than 256 deep")]
    [InlineData("json-nested-html", "nests elements more than 256 deep")]
    [InlineData("markdown-inline-html", "nests elements more than 16 deep")]
    [InlineData("html-many-attributes", "more than 100 attributes")]
    [InlineData("html-many-distinct-attributes", "more than 100 attributes")]
    [InlineData("html-unclosed-p-and-li", "more than 40000 elements")]
    [InlineData("markdown-nested-quotes", "opens more than 32 quotes or list items")]
    [InlineData("markdown-nested-list-markers", "opens more than 32 quotes or list items")]
    [InlineData("yaml-alias-bomb", "anchors and aliases")]
    [InlineData("yaml-many-aliases", "front matter is")]
    [InlineData("yaml-nested-flow", "front matter is")]
    [InlineData("yaml-huge-scalar", "front matter is")]
    public void Parse_ShapePastALimit_RejectedByThatLimitsLinearCheck(string name, string limitMessage)
    {
        var shape = HostileBodies.Hostile.Single(s => s.Name == name);

        var error = Assert.Throws<ArticleValidationException>(() =>
            Parser.Parse(shape.Build(HostileBodies.OneMiB), shape.Format, new ArticleSource(ArticleSource.Http)));

        Assert.Contains(limitMessage, string.Join(" ", error.Errors.Values.SelectMany(m => m).Append(error.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NormalArticlesAtTheBodyLimit_AreStored()
    {
        foreach (var shape in HostileBodies.Normal)
        {
            var article = Parser.Parse(shape.Build(HostileBodies.OneMiB), shape.Format, new ArticleSource(ArticleSource.Http));
            Assert.True(article.ContentHtml.Length > HostileBodies.OneMiB / 2, shape.Name);
        }
    }
}
