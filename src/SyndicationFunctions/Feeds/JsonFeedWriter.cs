using System.Text.Encodings.Web;
using System.Text.Json;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// JSON Feed 1.1. What the format has no field for (the section, the image caption and credit) goes in the
/// <c>_syndication</c> extension object, which readers that do not know it ignore.
/// </summary>
public sealed class JsonFeedWriter : IFeedWriter
{
    public const string FormatName = "json";
    public const string ExtensionKey = "_syndication";
    private const string Version = "https://jsonfeed.org/version/1.1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // A feed is served as application/feed+json and never inlined into a page, so HTML-significant
        // characters need no \u escapes: content_html stays about a quarter smaller and readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public string Format => FormatName;

    public string DisplayName => "JSON Feed 1.1";

    public string ContentType => "application/feed+json; charset=utf-8";

    public byte[] Write(FeedDocument feed)
    {
        var source = WritableFeed.From(feed);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("version", Version);
            json.WriteString("title", source.Title);
            json.WriteString("home_page_url", source.HomeUrl.AbsoluteUri);
            json.WriteString("feed_url", source.SelfUrl.AbsoluteUri);
            json.WriteString("description", source.Description);
            if (source.NextUrl is not null)
                json.WriteString("next_url", source.NextUrl.AbsoluteUri);
            if (source.Language is not null)
                json.WriteString("language", source.Language);
            if (source.Hubs.Count > 0)
            {
                json.WriteStartArray("hubs");
                foreach (var hub in source.Hubs)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "WebSub");
                    json.WriteString("url", hub.AbsoluteUri);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }

            json.WriteStartArray("items");
            foreach (var entry in source.Entries)
                WriteItem(json, entry);
            json.WriteEndArray();

            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter json, WritableEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("id", entry.Id);
        json.WriteString("url", entry.Link.AbsoluteUri);
        json.WriteString("title", entry.Title);
        if (entry.Summary is not null)
            json.WriteString("summary", entry.Summary);
        // JSON Feed requires content_html or content_text on every item, even when it is empty.
        json.WriteString("content_html", entry.ContentHtml);
        if (entry.Image is not null)
            json.WriteString("image", entry.Image.Url.AbsoluteUri);
        json.WriteString("date_published", ArticleJson.FormatInstant(entry.Published));
        json.WriteString("date_modified", ArticleJson.FormatInstant(entry.Updated));
        if (entry.Language is not null)
            json.WriteString("language", entry.Language);

        if (entry.Authors.Count > 0)
        {
            json.WriteStartArray("authors");
            foreach (var author in entry.Authors)
            {
                json.WriteStartObject();
                json.WriteString("name", author.Name);
                // JSON Feed authors have no e-mail field; its spec allows a mailto: URL instead.
                var url = author.Url?.AbsoluteUri ?? (author.Email is null ? null : "mailto:" + author.Email);
                if (url is not null)
                    json.WriteString("url", url);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        if (entry.Tags.Count > 0)
        {
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
                json.WriteStringValue(tag);
            json.WriteEndArray();
        }

        json.WriteStartObject(ExtensionKey);
        json.WriteStartObject("section");
        json.WriteString("slug", entry.Section.Slug);
        json.WriteString("name", entry.Section.Name);
        json.WriteEndObject();
        if (entry.Image is not null && (entry.Image.Caption is not null || entry.Image.Credit is not null))
        {
            json.WriteStartObject("image");
            if (entry.Image.Caption is not null)
                json.WriteString("caption", entry.Image.Caption);
            if (entry.Image.Credit is not null)
                json.WriteString("credit", entry.Image.Credit);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteEndObject();
    }
}
