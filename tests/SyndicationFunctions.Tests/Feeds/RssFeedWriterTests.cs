using System.Xml.Linq;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

public class RssFeedWriterTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";

    private readonly RssFeedWriter _writer = new();

    [Fact]
    public void Write_SeedArticle_MatchesGoldenFile()
        => GoldenFile.AssertXml("seed.rss.xml", _writer.Write(FeedSamples.Feed("rss", FeedSamples.SeedArticle())));

    [Fact]
    public void Write_SeedArticle_WritesUtf8WithoutByteOrderMark()
    {
        var bytes = _writer.Write(FeedSamples.Feed("rss", FeedSamples.SeedArticle()));

        Assert.Equal("<?xml"u8.ToArray(), bytes[..5]);
        Assert.Contains("encoding=\"utf-8\"", System.Text.Encoding.UTF8.GetString(bytes[..60]), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_SeedArticle_ItemCarriesGuidDateContentAndMedia()
    {
        var item = Item(_writer.Write(FeedSamples.Feed("rss", FeedSamples.SeedArticle())));

        var guid = item.Element("guid")!;
        Assert.Equal("false", guid.Attribute("isPermaLink")!.Value);
        Assert.Equal(FeedIds.ForArticle(FeedSamples.SeedArticle().Id), guid.Value);
        Assert.Equal("Tue, 13 May 2025 08:00:00 Z", item.Element("pubDate")!.Value);
        var content = item.Element(Content + "encoded")!.Value;
        Assert.StartsWith("<figure><img src=\"https://cdn.example.org/images/istanbul-talks.jpg\"", content, StringComparison.Ordinal);
        Assert.Contains("</figure>\n<p>The UN human rights office", content, StringComparison.Ordinal);
        Assert.Equal("https://cdn.example.org/images/istanbul-talks.jpg", item.Element(Media + "content")!.Attribute("url")!.Value);
        Assert.Equal("https://cdn.example.org/images/istanbul-talks.jpg", item.Element(Media + "thumbnail")!.Attribute("url")!.Value);
        Assert.Equal("AA", item.Element(Media + "content")!.Element(Media + "credit")!.Value);
    }

    [Fact]
    public void Write_ImageWithCaption_NoMediaDescriptionThatReadersTakeForTheSummary()
    {
        var item = Item(_writer.Write(FeedSamples.Feed("rss", FeedSamples.SeedArticle())));

        // Python feedparser reads media:description as the entry's summary, so the caption would replace the article.
        Assert.Empty(item.Descendants(Media + "description"));
        Assert.Contains("<figcaption>The Turkish metropolis previously hosted a series of talks in March 2022. / AA</figcaption>",
            item.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ImageWithoutCaption_AltTextIsTheTitleAndNoCaption()
    {
        var article = FeedSamples.SeedArticle() with { Image = new ArticleImage("https://cdn.example.org/a.jpg", null, null) };

        var content = Item(_writer.Write(FeedSamples.Feed("rss", article))).Element(Content + "encoded")!.Value;

        Assert.StartsWith($"<figure><img src=\"https://cdn.example.org/a.jpg\" alt=\"{article.Title}\"></figure>", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BodyAlreadyShowsTheImage_NotShownTwice()
    {
        var article = FeedSamples.SeedArticle() with { ContentHtml = "<p><img src=\"https://cdn.example.org/images/istanbul-talks.jpg\" alt=\"x\"></p>" };

        var content = Item(_writer.Write(FeedSamples.Feed("rss", article))).Element(Content + "encoded")!.Value;

        Assert.Equal(article.ContentHtml, content);
    }

    [Fact]
    public void Write_SoleAuthorWithEmail_UsesAuthorElementOnly()
    {
        var item = Item(_writer.Write(FeedSamples.Feed("rss", FeedSamples.SeedArticle())));

        Assert.Equal("seif.magango@example.org (Seif Magango)", item.Element("author")!.Value);
        Assert.Empty(item.Elements(Dc + "creator"));
    }

    [Fact]
    public void Write_SeveralAuthors_UsesOneDcCreatorEach()
    {
        var article = FeedSamples.SeedArticle() with
        {
            Authors = [new ArticleAuthor("Seif Magango", "seif.magango@example.org"), new ArticleAuthor("TRT World")],
        };

        var item = Item(_writer.Write(FeedSamples.Feed("rss", article)));

        Assert.Null(item.Element("author"));
        Assert.Equal(["Seif Magango", "TRT World"], item.Elements(Dc + "creator").Select(creator => creator.Value));
    }

    [Fact]
    public void Write_NextPage_LinksSelfAndNextWithAtomLinks()
    {
        var feed = FeedSamples.Feed("rss", FeedSamples.SeedArticle()) with { NextUrl = new Uri("https://news.example.org/api/feeds/rss?cursor=abc") };

        var channel = XDocument.Parse(System.Text.Encoding.UTF8.GetString(_writer.Write(feed))).Root!.Element("channel")!;

        var links = channel.Elements(Atom + "link").ToDictionary(link => link.Attribute("rel")!.Value, link => link.Attribute("href")!.Value);
        Assert.Equal("https://news.example.org/api/feeds/rss", links["self"]);
        Assert.Equal("https://news.example.org/api/feeds/rss?cursor=abc", links["next"]);
        Assert.False(links.ContainsKey("prev-archive"));
        Assert.Equal("en", channel.Element("language")!.Value);
        Assert.Equal("Tue, 13 May 2025 09:30:15 Z", channel.Element("lastBuildDate")!.Value);
    }

    [Fact]
    public void Write_SummaryWithMarkupCharacters_EscapesItAsHtmlText()
    {
        var article = FeedSamples.SeedArticle() with { Summary = "Profits < costs & more" };

        var item = Item(_writer.Write(FeedSamples.Feed("rss", article)));

        // RSS description is HTML, so a plain-text "<" must reach the reader as &lt;.
        Assert.Equal("Profits &lt; costs &amp; more", item.Element("description")!.Value);
    }

    private static XElement Item(byte[] feed)
        => XDocument.Parse(System.Text.Encoding.UTF8.GetString(feed)).Root!.Element("channel")!.Element("item")!;
}
