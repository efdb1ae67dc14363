using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

/// <summary>Reads each format back with a reader library and checks that all three say the same about an article.</summary>
public class FeedParseBackTests
{
    private const string MediaRss = "http://search.yahoo.com/mrss/";

    /// <summary>What a reader learns about one item; Updated is null where the format has no such field (RSS).</summary>
    private sealed record ReadBack(
        string Id,
        string Title,
        DateTimeOffset Published,
        DateTimeOffset? Updated,
        string Link,
        string? Summary,
        string Content,
        string Section,
        string Tags,
        string Authors,
        string? Image);

    public static TheoryData<string> Articles() => ["seed", "several authors", "bare", "hostile"];

    [Theory]
    [MemberData(nameof(Articles))]
    public void Write_EveryFormat_SaysTheSameAboutTheArticle(string name)
    {
        var article = Sample(name);

        var rss = ReadRss(new RssFeedWriter().Write(FeedSamples.Feed("rss", article)));
        var atom = ReadAtom(new AtomFeedWriter().Write(FeedSamples.Feed("atom", article)));
        var json = ReadJson(new JsonFeedWriter().Write(FeedSamples.Feed("json", article)));

        Assert.Equal(atom, json);
        Assert.Equal(atom with { Updated = null }, rss);
        Assert.Equal(FeedIds.ForArticle(article.Id), atom.Id);
        Assert.Equal(FeedSamples.LinkOf(article).AbsoluteUri, atom.Link);
        Assert.Equal(article.Published, atom.Published);
    }

    [Fact]
    public void Write_SeedArticle_ReadsBackAsStored()
    {
        var article = FeedSamples.SeedArticle();

        var atom = ReadAtom(new AtomFeedWriter().Write(FeedSamples.Feed("atom", article)));

        Assert.Equal(new ReadBack(
            FeedIds.ForArticle(article.Id),
            article.Title,
            article.Published,
            new DateTimeOffset(2025, 5, 13, 9, 30, 15, TimeSpan.Zero),
            article.Url!,
            article.Summary,
            "<figure><img src=\"https://cdn.example.org/images/istanbul-talks.jpg\" alt=\"\"><figcaption>The Turkish metropolis previously hosted a series of talks in March 2022. / AA</figcaption></figure>\n"
                + article.ContentHtml,
            "turkiye|Türkiye",
            "Russia|Ukraine|Istanbul",
            "Seif Magango",
            article.Image!.Url), atom);
    }

    private static Article Sample(string name) => name switch
    {
        "seed" => FeedSamples.SeedArticle(),
        "several authors" => FeedSamples.SeedArticle() with
        {
            Authors = [new ArticleAuthor("Seif Magango", "seif.magango@example.org"), new ArticleAuthor("TRT World", Url: "https://www.trtworld.com/")],
        },
        "bare" => FeedSamples.SeedArticle() with { Summary = null, Authors = [], Image = null, Tags = [], Url = null, Language = null },
        "hostile" => HostileContent.Article(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static ReadBack ReadRss(byte[] bytes)
    {
        var item = Load(bytes).Items.Single();
        var categories = item.Categories.ToList();
        var section = categories.Single(category => category.Scheme is not null);
        var authors = item.Authors.Select(author => author.Email!.Split(" (")[1].TrimEnd(')'))
            .Concat(Extensions(item, "creator"));
        return new ReadBack(
            item.Id,
            item.Title.Text,
            item.PublishDate,
            null,
            item.Links.Single().Uri.AbsoluteUri,
            item.Summary is null ? null : WebUtility.HtmlDecode(item.Summary.Text),
            Extensions(item, "encoded").SingleOrDefault() ?? string.Empty,
            // RSS has no slug field: the section reads back by name, checked against the other formats' slug below.
            SectionOf(section.Name),
            string.Join('|', categories.Where(category => category.Scheme is null).Select(category => category.Name)),
            string.Join('|', authors),
            MediaUrl(item));
    }

    private static ReadBack ReadAtom(byte[] bytes)
    {
        var item = Load(bytes).Items.Single();
        var section = item.Categories.Single(category => category.Scheme is not null);
        return new ReadBack(
            item.Id,
            item.Title.Text,
            item.PublishDate,
            item.LastUpdatedTime,
            item.Links.Single(link => link.RelationshipType == "alternate").Uri.AbsoluteUri,
            item.Summary is null ? null : WebUtility.HtmlDecode(item.Summary.Text),
            (item.Content as TextSyndicationContent)?.Text ?? string.Empty,
            section.Name + "|" + section.Label,
            string.Join('|', item.Categories.Where(category => category.Scheme is null).Select(category => category.Name)),
            string.Join('|', item.Authors.Select(author => author.Name)),
            MediaUrl(item));
    }

    private static ReadBack ReadJson(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var item = document.RootElement.GetProperty("items").EnumerateArray().Single();
        var section = item.GetProperty("_syndication").GetProperty("section");
        return new ReadBack(
            item.GetProperty("id").GetString()!,
            item.GetProperty("title").GetString()!,
            item.GetProperty("date_published").GetDateTimeOffset(),
            item.GetProperty("date_modified").GetDateTimeOffset(),
            item.GetProperty("url").GetString()!,
            item.TryGetProperty("summary", out var summary) ? summary.GetString() : null,
            item.GetProperty("content_html").GetString()!,
            section.GetProperty("slug").GetString() + "|" + section.GetProperty("name").GetString(),
            string.Join('|', item.TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(tag => tag.GetString()) : []),
            string.Join('|', item.TryGetProperty("authors", out var authors) ? authors.EnumerateArray().Select(author => author.GetProperty("name").GetString()) : []),
            item.TryGetProperty("image", out var image) ? image.GetString() : null);
    }

    // The samples' section names map back to their slugs; this keeps the RSS comparison honest about names.
    private static string SectionOf(string name) => name switch
    {
        "Türkiye" => "turkiye|Türkiye",
        "World & <More>" => "world|World & <More>",
        _ => "?|" + name,
    };

    private static SyndicationFeed Load(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes));
        return SyndicationFeed.Load(reader);
    }

    private static IEnumerable<string> Extensions(SyndicationItem item, string localName)
        => item.ElementExtensions.Where(extension => extension.OuterName == localName)
            .Select(extension => extension.GetReader().ReadElementContentAsString());

    private static string? MediaUrl(SyndicationItem item)
    {
        var media = item.ElementExtensions.SingleOrDefault(extension => extension.OuterName == "content" && extension.OuterNamespace == MediaRss);
        return media?.GetReader().GetAttribute("url");
    }
}
