using System.Text;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Pages;

namespace SyndicationFunctions.Tests.Feeds;

public sealed class FeedHtmlPageTests
{
    private static readonly PublicLinks Links = new(new Uri("https://news.example.org/"));

    [Theory]
    [InlineData("rss", "RSS 2.0", "This is an RSS 2.0 feed.")]
    [InlineData("atom", "Atom 1.0", "This is an Atom 1.0 feed.")]
    [InlineData("json", "JSON Feed 1.1", "This is a JSON Feed 1.1 feed.")]
    public void Render_EachFormat_SaysWhichWithTheRightArticle(string format, string displayName, string sentence)
        => Assert.Contains(sentence, Render(format, displayName), StringComparison.Ordinal);

    [Theory]
    [InlineData("rss", "RSS 2.0", ">RSS</a>")]
    [InlineData("atom", "Atom 1.0", ">Atom</a>")]
    [InlineData("json", "JSON Feed 1.1", ">JSON Feed</a>")]
    public void Render_AlsoAs_LeavesOutTheFormatShown(string format, string displayName, string ownLink)
    {
        var page = Render(format, displayName);
        var alsoAs = page[page.IndexOf("Also as", StringComparison.Ordinal)..page.IndexOf("</nav>", StringComparison.Ordinal)];

        Assert.DoesNotContain(ownLink, alsoAs, StringComparison.Ordinal);
        Assert.Equal(2, alsoAs.Split("type=\"application/").Length - 1);
    }

    [Fact]
    public void Render_Items_ExplainTheOrderAndShowWhenEachChanged()
    {
        var article = FeedSamples.SeedArticle();
        var document = FeedSamples.Feed("rss", article) with
        {
            Entries = [new FeedEntry(article, FeedSamples.LinkOf(article), new DateTimeOffset(2025, 6, 2, 14, 5, 0, TimeSpan.Zero))],
        };

        var page = Encoding.UTF8.GetString(FeedHtmlPage.Render(document, "RSS 2.0", SitePage.FeedsOf(Links, FeedScope.Every, "World news"), Links, "World news"));

        Assert.Contains("Newest change first", page, StringComparison.Ordinal);
        Assert.Contains("published <time datetime=\"2025-05-13T08:00:00Z\">13 May 2025</time>", page, StringComparison.Ordinal);
        Assert.Contains("changed <time datetime=\"2025-06-02T14:05:00Z\">2 June 2025, 14:05 UTC</time>", page, StringComparison.Ordinal);
    }

    private static string Render(string format, string displayName)
        => Encoding.UTF8.GetString(FeedHtmlPage.Render(FeedSamples.Feed(format, FeedSamples.SeedArticle()), displayName, SitePage.FeedsOf(Links, FeedScope.Every, "World news"), Links, "World news"));
}
