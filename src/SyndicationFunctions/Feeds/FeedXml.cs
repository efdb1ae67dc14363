using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace SyndicationFunctions.Feeds;

/// <summary>The XML namespaces the RSS and Atom feeds use beyond their own, and how the documents are written.</summary>
internal static class FeedXml
{
    public const string Atom = "http://www.w3.org/2005/Atom";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string MediaRss = "http://search.yahoo.com/mrss/";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string Tombstones = "http://purl.org/atompub/tombstones/1.0";
    private const string XmlNamespaceDeclarations = "http://www.w3.org/2000/xmlns/";

    private static readonly XmlWriterSettings Settings = new()
    {
        // UTF-8 without a byte order mark: the charset is in the Content-Type and the XML declaration.
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CheckCharacters = true,
        NewLineHandling = NewLineHandling.Entitize,
    };

    public static byte[] Write(SyndicationFeedFormatter formatter)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            formatter.WriteTo(writer);
            writer.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    /// <summary>Declares a prefix once on the root element, so extension elements do not repeat it.</summary>
    public static void DeclarePrefix(SyndicationFeed feed, string prefix, string xmlNamespace)
        => feed.AttributeExtensions[new XmlQualifiedName(prefix, XmlNamespaceDeclarations)] = xmlNamespace;

    /// <summary>
    /// Media RSS for the article's image; Atom and RSS carry it the same way. No <c>media:description</c>:
    /// Python feedparser (and rss2email on top of it) reads that as the entry's summary, so readers would show
    /// the caption instead of the article. The caption is in the content's lead figure instead.
    /// </summary>
    public static void WriteImage(XmlWriter writer, WritableImage image)
    {
        writer.WriteStartElement("content", MediaRss);
        writer.WriteAttributeString("url", image.Url.AbsoluteUri);
        writer.WriteAttributeString("medium", "image");
        if (image.Credit is not null)
            writer.WriteElementString("credit", MediaRss, image.Credit);
        writer.WriteEndElement();

        writer.WriteStartElement("thumbnail", MediaRss);
        writer.WriteAttributeString("url", image.Url.AbsoluteUri);
        writer.WriteEndElement();
    }

    public static void WriteAtomLink(XmlWriter writer, string relation, Uri href, string? mediaType)
    {
        writer.WriteStartElement("link", Atom);
        writer.WriteAttributeString("href", href.AbsoluteUri);
        writer.WriteAttributeString("rel", relation);
        if (mediaType is not null)
            writer.WriteAttributeString("type", mediaType);
        writer.WriteEndElement();
    }
}
