using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SyndicationFunctions.Tests.Feeds;

/// <summary>WebSub discovery inside the documents: atom:link rel="hub" in RSS and Atom, <c>hubs</c> in JSON Feed.</summary>
public sealed class HubLinkTests
{
    private static readonly Uri[] Hubs = [new("https://news.example.org/api/hub"), new("https://pubsubhubbub.example.com/")];

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void Write_XmlFeedWithHubs_CarriesAtomLinkRelHubForEach(string format)
    {
        var writer = FeedSamples.Writers().Single(w => w.Format == format);
        var document = FeedSamples.Feed(format, FeedSamples.SeedArticle()) with { Hubs = Hubs };

        var xml = XDocument.Parse(Encoding.UTF8.GetString(writer.Write(document)));
        var hubs = xml.Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")).Where(l => (string?)l.Attribute("rel") == "hub").Select(l => (string?)l.Attribute("href"));

        Assert.Equal(Hubs.Select(h => h.AbsoluteUri), hubs);
    }

    [Fact]
    public void Write_JsonFeedWithHubs_ListsWebSubHubs()
    {
        var writer = FeedSamples.Writers().Single(w => w.Format == "json");
        var document = FeedSamples.Feed("json", FeedSamples.SeedArticle()) with { Hubs = Hubs };

        var hubs = JsonNode.Parse(writer.Write(document))!["hubs"]!.AsArray();

        Assert.Equal(Hubs.Select(h => h.AbsoluteUri), hubs.Select(h => (string?)h!["url"]));
        Assert.All(hubs, h => Assert.Equal("WebSub", (string?)h!["type"]));
    }

    [Fact]
    public void Write_NoHubs_NoHubLinks()
    {
        foreach (var writer in FeedSamples.Writers())
        {
            var text = Encoding.UTF8.GetString(writer.Write(FeedSamples.Feed(writer.Format, FeedSamples.SeedArticle())));
            Assert.DoesNotContain("hub", text.Replace("github", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
