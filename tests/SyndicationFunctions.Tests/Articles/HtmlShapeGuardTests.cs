using SyndicationFunctions.Articles;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.Tests.Articles;

public class HtmlShapeGuardTests
{
    [Fact]
    public void EnsureWithinLimits_NestingAtTheLimit_Passes()
        => HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<div>", 5 * ArticleLimits.HtmlDepth) + "x", "body");

    [Fact]
    public void EnsureWithinLimits_OneLevelPastTheLimit_RejectedNamingTheLimitAndField()
    {
        var error = Assert.Throws<ArticleValidationException>(() =>
            HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<section>", 9 * (ArticleLimits.HtmlDepth + 1)), "contentHtml"));

        Assert.Contains($"more than {ArticleLimits.HtmlDepth} deep", error.Errors["contentHtml"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureWithinLimits_ClosedElements_DoNotAddUp()
        => HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<div><b>x</b></div>", 100_000), "body");

    [Theory]
    [InlineData("<p>")]
    [InlineData("<li>")]
    [InlineData("<tr><td>")]
    [InlineData("<dt>a<dd>")]
    public void EnsureWithinLimits_OptionalEndTagsLeftOpen_AreSiblingsNotNesting(string unit)
        => HtmlShapeGuard.EnsureWithinLimits("<ul><table>" + HostileBodies.Repeat(unit + "text ", 20_000), "body");

    [Fact]
    public void EnsureWithinLimits_BlockAfterOpenParagraph_ClosesIt()
        => HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<p>text<div>more</div>", 10_000), "body");

    [Fact]
    public void EnsureWithinLimits_VoidElements_HoldNothing()
        => HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<br><img src=x><hr/>", 9_000), "body");

    [Theory]
    [InlineData("<script>", "</script>")]
    [InlineData("<style>", "</style>")]
    [InlineData("<!--", "-->")]
    [InlineData("<textarea>", "</TEXTAREA>")]
    public void EnsureWithinLimits_TagsInsideRawTextOrComments_AreNotElements(string open, string close)
        => HtmlShapeGuard.EnsureWithinLimits(open + HostileBodies.Repeat("<div>", 10_000) + close + "<p>x</p>", "body");

    [Fact]
    public void EnsureWithinLimits_GreaterThanInsideQuotedAttribute_DoesNotEndTheTag()
        => HtmlShapeGuard.EnsureWithinLimits("<a title=\"a > b <div>\" href='x'>link</a>" + HostileBodies.Repeat("<div>", 5 * 200), "body");

    [Fact]
    public void EnsureWithinLimits_AttributesAtTheLimit_Pass()
        => HtmlShapeGuard.EnsureWithinLimits("<p " + string.Concat(Enumerable.Range(0, ArticleLimits.HtmlAttributesPerElement).Select(i => $"data-a{i}=\"v\" ")) + ">x</p>", "body");

    [Fact]
    public void EnsureWithinLimits_OneAttributePastTheLimit_Rejected()
    {
        var html = "<p " + string.Concat(Enumerable.Range(0, ArticleLimits.HtmlAttributesPerElement + 1).Select(i => $"a{i}=v ")) + ">x</p>";

        var error = Assert.Throws<ArticleValidationException>(() => HtmlShapeGuard.EnsureWithinLimits(html, "body"));

        Assert.Contains($"more than {ArticleLimits.HtmlAttributesPerElement} attributes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureWithinLimits_MoreElementsThanTheLimit_Rejected()
    {
        var error = Assert.Throws<ArticleValidationException>(() =>
            HtmlShapeGuard.EnsureWithinLimits(HostileBodies.Repeat("<br>", 4 * (ArticleLimits.HtmlElements + 1)), "body"));

        Assert.Contains($"more than {ArticleLimits.HtmlElements} elements", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a < b and c > d")]
    [InlineData("<")]
    [InlineData("<div")]
    [InlineData("<p title=\"never closed")]
    [InlineData("</>")]
    [InlineData("<!doctype html")]
    public void EnsureWithinLimits_BrokenMarkup_IsNotAnError(string html)
        => HtmlShapeGuard.EnsureWithinLimits(html, "body");
}
