using System.ServiceModel.Syndication;
using System.Xml;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// RSS 2.0 with the content, Dublin Core, Media RSS and Atom extensions readers expect.
/// Paging follows RFC 5005 section 3 (paged feeds): <c>atom:link rel="next"</c> points at older entries.
/// No <c>prev-archive</c>: that relation promises archive documents that never change, and a cursor page
/// is not one (its boundaries depend on the limit asked for, and deletions shift it).
/// </summary>
public sealed class RssFeedWriter : IFeedWriter
{
    public const string FormatName = "rss";

    public string Format => FormatName;

    public string DisplayName => "RSS 2.0";

    public string ContentType => "application/rss+xml; charset=utf-8";

    public byte[] Write(FeedDocument feed)
    {
        var source = WritableFeed.From(feed);
        var channel = new RssChannel(source)
        {
            Title = new TextSyndicationContent(source.Title),
            Description = new TextSyndicationContent(source.Description),
            Language = source.Language,
            LastUpdatedTime = source.Updated,
            Items = source.Entries.Select(entry => new RssItem(entry)).ToList(),
        };
        channel.Links.Add(SyndicationLink.CreateAlternateLink(source.HomeUrl));
        FeedXml.DeclarePrefix(channel, "atom", FeedXml.Atom);
        FeedXml.DeclarePrefix(channel, "content", FeedXml.Content);
        FeedXml.DeclarePrefix(channel, "dc", FeedXml.DublinCore);
        FeedXml.DeclarePrefix(channel, "media", FeedXml.MediaRss);

        // Extensions are written explicitly, so the formatter must not add its own a10: copies.
        return FeedXml.Write(new Rss20FeedFormatter(channel, serializeExtensionsAsAtom: false));
    }

    private sealed class RssChannel(WritableFeed source) : SyndicationFeed
    {
        protected override void WriteElementExtensions(XmlWriter writer, string version)
        {
            FeedXml.WriteAtomLink(writer, "self", source.SelfUrl, "application/rss+xml");
            foreach (var hub in source.Hubs)
                FeedXml.WriteAtomLink(writer, "hub", hub, mediaType: null);
            if (source.NextUrl is not null)
                FeedXml.WriteAtomLink(writer, "next", source.NextUrl, "application/rss+xml");
            base.WriteElementExtensions(writer, version);
        }
    }

    private sealed class RssItem : SyndicationItem
    {
        private readonly WritableEntry _entry;

        public RssItem(WritableEntry entry)
        {
            _entry = entry;
            // The guid is the permanent urn, never the page URL, so the formatter's isPermaLink="false" is right.
            Id = entry.Id;
            Title = new TextSyndicationContent(entry.Title);
            if (entry.Summary is not null)
                Summary = new TextSyndicationContent(FeedText.AsHtml(entry.Summary));
            PublishDate = entry.Published;
            Links.Add(SyndicationLink.CreateAlternateLink(entry.Link));
            Categories.Add(new SyndicationCategory(entry.Section.Name, FeedCategories.SectionScheme, label: null));
            foreach (var tag in entry.Tags)
                Categories.Add(new SyndicationCategory(tag));
        }

        protected override void WriteElementExtensions(XmlWriter writer, string version)
        {
            // RSS <author> holds one e-mail address (name in parentheses). Readers treat author and
            // dc:creator as the same thing and validators warn when both appear, so an item uses one or the
            // other: <author> for a sole author with an e-mail, else one dc:creator per author by name.
            if (_entry.Authors is [{ Email: not null } sole])
            {
                writer.WriteElementString("author", string.Empty, $"{sole.Email} ({sole.Name})");
            }
            else
            {
                foreach (var author in _entry.Authors)
                    writer.WriteElementString("creator", FeedXml.DublinCore, author.Name);
            }

            if (_entry.ContentHtml.Length > 0)
                writer.WriteElementString("encoded", FeedXml.Content, _entry.ContentHtml);
            if (_entry.Image is not null)
                FeedXml.WriteImage(writer, _entry.Image);
            base.WriteElementExtensions(writer, version);
        }
    }
}
