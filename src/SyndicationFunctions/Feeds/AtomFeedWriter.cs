using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// Atom 1.0 (RFC 4287). Paging follows RFC 5005 section 3: <c>link rel="next"</c> to older entries, no
/// <c>prev-archive</c> (see <see cref="RssFeedWriter"/> for why).
/// </summary>
public sealed class AtomFeedWriter : IFeedWriter
{
    public const string FormatName = "atom";
    private const string MediaType = "application/atom+xml";

    public string Format => FormatName;

    public string DisplayName => "Atom 1.0";

    public string ContentType => MediaType + "; charset=utf-8";

    public byte[] Write(FeedDocument feed)
    {
        var source = WritableFeed.From(feed);
        var atom = new SyndicationFeed
        {
            Id = source.Id,
            Title = new TextSyndicationContent(source.Title),
            Description = new TextSyndicationContent(source.Description),
            Language = source.Language,
            LastUpdatedTime = source.Updated,
            Items = source.Entries.Select(entry => new AtomEntry(entry)).ToList(),
        };
        atom.Links.Add(new SyndicationLink(source.SelfUrl, "self", title: null, MediaType, length: 0));
        atom.Links.Add(SyndicationLink.CreateAlternateLink(source.HomeUrl, "text/html"));
        foreach (var hub in source.Hubs)
            atom.Links.Add(new SyndicationLink(hub, "hub", title: null, mediaType: null, length: 0));
        if (source.NextUrl is not null)
            atom.Links.Add(new SyndicationLink(source.NextUrl, "next", title: null, MediaType, length: 0));

        // Atom requires an author on every entry; entries without one inherit this feed-level author.
        atom.Authors.Add(new SyndicationPerson(email: null, source.Title, source.HomeUrl.AbsoluteUri));
        FeedXml.DeclarePrefix(atom, "media", FeedXml.MediaRss);

        // RFC 6721: each article withdrawn within the window, so readers drop their copy.
        if (feed.Withdrawn.Count > 0)
        {
            FeedXml.DeclarePrefix(atom, "at", FeedXml.Tombstones);
            foreach (var tombstone in feed.Withdrawn)
            {
                var deleted = new XElement(XName.Get("deleted-entry", FeedXml.Tombstones),
                    new XAttribute(XNamespace.Xmlns + "at", FeedXml.Tombstones),
                    new XAttribute("ref", tombstone.EntryId),
                    new XAttribute("when", XmlConvert.ToString(FeedInstant.Of(tombstone.When).UtcDateTime, XmlDateTimeSerializationMode.Utc)));
                atom.ElementExtensions.Add(deleted.CreateReader());
            }
        }

        return FeedXml.Write(new Atom10FeedFormatter(atom));
    }

    private sealed class AtomEntry : SyndicationItem
    {
        private readonly WritableEntry _entry;

        public AtomEntry(WritableEntry entry)
        {
            _entry = entry;
            Id = entry.Id;
            Title = new TextSyndicationContent(entry.Title);
            // type="html", like the content: a plain-text reader prefers a text part over the HTML content,
            // and would show the standfirst alone (and miss a correction of the body).
            if (entry.Summary is not null)
                Summary = SyndicationContent.CreateHtmlContent(FeedText.AsHtml(entry.Summary));
            if (entry.ContentHtml.Length > 0)
                Content = SyndicationContent.CreateHtmlContent(entry.ContentHtml);
            PublishDate = entry.Published;
            LastUpdatedTime = entry.Updated;
            Links.Add(SyndicationLink.CreateAlternateLink(entry.Link, "text/html"));
            foreach (var author in entry.Authors)
                Authors.Add(new SyndicationPerson(author.Email, author.Name, author.Url?.AbsoluteUri));
            Categories.Add(new SyndicationCategory(entry.Section.Slug, FeedCategories.SectionScheme, entry.Section.Name));
            foreach (var tag in entry.Tags)
                Categories.Add(new SyndicationCategory(tag));
            if (entry.Language is not null)
                AttributeExtensions[new XmlQualifiedName("lang", FeedXml.Xml)] = entry.Language;
        }

        protected override void WriteElementExtensions(XmlWriter writer, string version)
        {
            if (_entry.Image is not null)
                FeedXml.WriteImage(writer, _entry.Image);
            base.WriteElementExtensions(writer, version);
        }
    }
}
