using System.Text;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Tests.Feeds;

namespace SyndicationFunctions.Tests.Articles;

public sealed class ArticleHtmlPageTests
{
    private static readonly PublicLinks Links = new(new Uri("https://news.example.org/"));

    [Fact]
    public void Render_ImageWithCaption_EmptyAltSoTheCaptionIsReadOnce()
    {
        var page = Render(FeedSamples.SeedArticle());

        Assert.Contains("<img src=\"https://cdn.example.org/images/istanbul-talks.jpg\" alt=\"\">", page, StringComparison.Ordinal);
        Assert.Contains("<figcaption>The Turkish metropolis previously hosted a series of talks in March 2022. / <span class=\"credit\">AA</span></figcaption>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ImageWithoutCaption_AltIsTheTitleAndNoCaption()
    {
        var article = FeedSamples.SeedArticle() with { Image = new ArticleImage("https://cdn.example.org/a.jpg") };

        var page = Render(article);

        Assert.Contains($"<img src=\"https://cdn.example.org/a.jpg\" alt=\"{article.Title}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<figcaption", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CaptionWithoutImageUrl_NoFigureAndNoOrphanCaption()
    {
        var article = FeedSamples.SeedArticle() with { Image = new ArticleImage(null, "A caption with nothing to caption", "Credit") };

        var page = Render(article);

        Assert.DoesNotContain("<figure", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<figcaption", page, StringComparison.Ordinal);
        Assert.DoesNotContain("og:image", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithOrWithoutSummary_HasAMetaDescription()
    {
        var withSummary = Render(FeedSamples.SeedArticle());
        var without = Render(FeedSamples.SeedArticle() with { Summary = null });

        Assert.Contains("<meta name=\"description\" content=\"Turkish metropolis previously hosted", withSummary, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\" content=\"UN human rights office welcomes", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FrontPageLink_IsTheSiteRoot()
        => Assert.Contains("<header class=\"site\"><a href=\"https://news.example.org/\">", Render(FeedSamples.SeedArticle()), StringComparison.Ordinal);

    private static string Render(Article article) => Encoding.UTF8.GetString(ArticleHtmlPage.Render(article, Links, "World news"));
}
