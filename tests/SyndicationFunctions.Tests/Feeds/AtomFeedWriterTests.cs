using System.Xml.Linq;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

public class AtomFeedWriterTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly AtomFeedWriter _writer = new();

    [Fact]
    public void Write_SeedArticle_MatchesGoldenFile()
        => GoldenFile.AssertXml("seed.atom.xml", _writer.Write(FeedSamples.Feed("atom", FeedSamples.SeedArticle())));

    [Fact]
    public void Write_SeedArticle_EntryCarriesIdDatesLinksAndCategories()
    {
        var entry = Root(_writer.Write(FeedSamples.Feed("atom", FeedSamples.SeedArticle()))).Element(Atom + "entry")!;

        Assert.Equal(FeedIds.ForArticle(FeedSamples.SeedArticle().Id), entry.Element(Atom + "id")!.Value);
        Assert.Equal("2025-05-13T08:00:00Z", entry.Element(Atom + "published")!.Value);
        Assert.Equal("2025-05-13T09:30:15Z", entry.Element(Atom + "updated")!.Value);
        Assert.Equal("en", entry.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.Equal("html", entry.Element(Atom + "content")!.Attribute("type")!.Value);
        var alternate = entry.Elements(Atom + "link").Single(link => link.Attribute("rel")?.Value == "alternate");
        Assert.Equal(FeedSamples.SeedArticle().Url, alternate.Attribute("href")!.Value);
        var section = entry.Elements(Atom + "category").First();
        Assert.Equal(("turkiye", "Türkiye"), (section.Attribute("term")!.Value, section.Attribute("label")!.Value));
        Assert.Equal(["Russia", "Ukraine", "Istanbul"], entry.Elements(Atom + "category").Skip(1).Select(c => c.Attribute("term")!.Value));
    }

    [Fact]
    public void Write_Summary_IsHtmlSoPlainTextReadersPreferTheContent()
    {
        var article = FeedSamples.SeedArticle() with { Summary = "Profits < costs & more" };

        var summary = Root(_writer.Write(FeedSamples.Feed("atom", article))).Element(Atom + "entry")!.Element(Atom + "summary")!;

        // A type="text" summary is what rss2email's plain-text mode picks over the HTML content: the standfirst alone.
        Assert.Equal("html", summary.Attribute("type")!.Value);
        Assert.Equal("Profits &lt; costs &amp; more", summary.Value);
    }

    [Fact]
    public void Write_ArticleWithoutAuthors_FeedLevelAuthorCoversIt()
    {
        var article = FeedSamples.SeedArticle() with { Authors = [] };

        var feed = Root(_writer.Write(FeedSamples.Feed("atom", article)));

        Assert.Equal("World news", feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Empty(feed.Element(Atom + "entry")!.Elements(Atom + "author"));
    }

    [Fact]
    public void Write_NextPage_HasSelfAlternateAndNextLinks()
    {
        var document = FeedSamples.Feed("atom", FeedSamples.SeedArticle()) with { NextUrl = new Uri("https://news.example.org/api/feeds/atom?cursor=abc") };

        var feed = Root(_writer.Write(document));

        var links = feed.Elements(Atom + "link").ToDictionary(link => link.Attribute("rel")!.Value, link => link.Attribute("href")!.Value);
        Assert.Equal("https://news.example.org/api/feeds/atom", links["self"]);
        Assert.Equal(FeedSamples.Home.AbsoluteUri, links["alternate"]);
        Assert.Equal("https://news.example.org/api/feeds/atom?cursor=abc", links["next"]);
        Assert.Equal(FeedIds.ForFeed(FeedScope.Every), feed.Element(Atom + "id")!.Value);
    }

    [Fact]
    public void Write_UpdatedBeforePublished_UpdatedIsNeverEarlier()
    {
        var article = FeedSamples.SeedArticle() with { Updated = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero) };

        var entry = Root(_writer.Write(FeedSamples.Feed("atom", article))).Element(Atom + "entry")!;

        Assert.Equal("2025-05-13T08:00:00Z", entry.Element(Atom + "updated")!.Value);
    }

    private static XElement Root(byte[] feed) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(feed)).Root!;
}
