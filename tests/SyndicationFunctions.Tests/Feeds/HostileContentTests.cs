using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

public class HostileContentTests
{
    public static TheoryData<string> Formats() => ["rss", "atom", "json"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Write_HostileArticle_ProducesAWellFormedDocument(string format)
    {
        var writer = FeedSamples.Writers().Single(candidate => candidate.Format == format);

        var bytes = writer.Write(FeedSamples.Feed(format, HostileContent.Article()));

        // A strict parse: XML with character checking on, JSON with the default (strict) reader.
        if (format == "json")
            JsonDocument.Parse(bytes).Dispose();
        else
            XDocument.Load(XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { CheckCharacters = true }));
        Assert.DoesNotContain("\uFFFD", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Write_HostileArticle_DropsForbiddenCharactersButKeepsTheText(string format)
    {
        var writer = FeedSamples.Writers().Single(candidate => candidate.Format == format);

        var bytes = writer.Write(FeedSamples.Feed(format, HostileContent.Article()));

        var (title, raw) = format == "json" ? JsonTitle(bytes) : XmlTitle(bytes);
        Assert.Equal("Tom & Jerry <script>alert('x')</script> ]]> 😀", title);
        Assert.DoesNotContain("\r", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x1;", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0001", raw, StringComparison.OrdinalIgnoreCase);
        // Relative image URLs and malformed languages or e-mails never reach a feed.
        Assert.DoesNotContain("/relative/image.png", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("not a language", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("not an email", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CdataTerminatorInContent_RoundTripsExactlyInXml()
    {
        var bytes = new AtomFeedWriter().Write(FeedSamples.Feed("atom", HostileContent.Article()));

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var content = XDocument.Load(new MemoryStream(bytes)).Root!.Element(atom + "entry")!.Element(atom + "content")!.Value;
        Assert.Equal("<p>]]></p><p><![CDATA[ nested ]]></p>\n<p>Windows\nline ends</p>" + HostileContent.LongContent, content);
    }

    [Fact]
    public void Write_RepeatedAndBlankTags_WritesEachTagOnce()
    {
        using var document = JsonDocument.Parse(new JsonFeedWriter().Write(FeedSamples.Feed("json", HostileContent.Article())));

        var tags = document.RootElement.GetProperty("items")[0].GetProperty("tags").EnumerateArray().Select(tag => tag.GetString());
        Assert.Equal(["a&b", "<tag>", "emoji 🎈"], tags);
    }

    private static (string Title, string Raw) XmlTitle(byte[] bytes)
    {
        var root = XDocument.Load(new MemoryStream(bytes)).Root!;
        var title = root.Descendants().First(element => element.Name.LocalName is "item" or "entry").Elements().First(element => element.Name.LocalName == "title").Value;
        return (title, Encoding.UTF8.GetString(bytes));
    }

    private static (string Title, string Raw) JsonTitle(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return (document.RootElement.GetProperty("items")[0].GetProperty("title").GetString()!, Encoding.UTF8.GetString(bytes));
    }
}
