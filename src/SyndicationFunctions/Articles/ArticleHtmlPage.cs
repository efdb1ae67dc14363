using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Pages;

namespace SyndicationFunctions.Articles;

/// <summary>
/// The article as a plain web page: what a feed item links to when the publisher gave no canonical URL,
/// so a reader who follows the link from a feed reader gets something to read, not JSON.
/// </summary>
public static class ArticleHtmlPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>
    /// The page allows no script at all: the content is already sanitised, and this keeps it inert even if
    /// the allowlist ever let something through. <c>connect-src 'self'</c> lets tools that audit the page from
    /// inside it (Lighthouse reading <c>/robots.txt</c>) reach the site; with no script, the page itself never does.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'";

    // Text stays in Unicode as given (Türkiye, not T&#xFC;rkiye); markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>True when the client ranks HTML above JSON (a browser does; curl and API clients do not).</summary>
    public static bool IsPreferredBy(HttpRequest request) => Http.RepresentationChoice.PrefersHtml(request, "application/json", "application/problem+json");

    /// <summary>The page's entity tag: the article's own, marked as the HTML variant.</summary>
    public static string EntityTagOf(string articleETag)
    {
        ArgumentNullException.ThrowIfNull(articleETag);
        return articleETag.EndsWith('"') ? articleETag[..^1] + "-html\"" : articleETag + "-html";
    }

    /// <summary>The short page a browser gets for a withdrawn article (410).</summary>
    public static byte[] RenderWithdrawn(string id, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(id);
        var html = Encoder;
        var page = new StringBuilder(1024)
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>Article withdrawn</title>\n<meta name=\"description\" content=\"This article was withdrawn by its publisher and is no longer available.\">\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<style>body{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 Georgia,serif}</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>This article has been withdrawn</h1>\n<p>The article <code>").Append(html.Encode(id))
            .Append("</code> was withdrawn by its publisher on <time datetime=\"").Append(ArticleJson.FormatInstant(at)).Append("\">")
            .Append(at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time> and is no longer available.</p>\n")
            .Append("<p><a href=\"/\">See the latest articles</a></p>\n</main>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }

    /// <summary>The page: image with caption and credit, canonical and publisher links, feed autodiscovery, JSON-LD and Open Graph.</summary>
    public static byte[] Render(Article article, PublicLinks links, string siteTitle)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(links);
        var html = Encoder;
        var self = links.ArticlePage(article.Id);
        var canonical = links.ArticleLink(article);
        var image = article.Image?.Url is { Length: > 0 } imageUrl && Uri.TryCreate(imageUrl, UriKind.Absolute, out var imageUri) ? imageUri : null;
        var head = new StringBuilder();
        head.Append("<link rel=\"canonical\" href=\"").Append(html.Encode(canonical.AbsoluteUri)).Append("\">\n");
        var description = article.Summary is { Length: > 0 } summary ? summary : $"{article.Title}: {article.Section.Name}, {siteTitle}.";

        // Open Graph, for link previews.
        void Meta(string property, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                head.Append("<meta property=\"").Append(property).Append("\" content=\"").Append(html.Encode(value)).Append("\">\n");
            }
        }

        Meta("og:type", "article");
        Meta("og:title", article.Title);
        Meta("og:description", article.Summary);
        Meta("og:url", canonical.AbsoluteUri);
        Meta("og:site_name", siteTitle);
        Meta("og:image", image?.AbsoluteUri);
        Meta("og:image:alt", image is null ? null : article.Image?.Caption ?? article.Title);
        Meta("article:published_time", ArticleJson.FormatInstant(article.Published));
        Meta("article:modified_time", ArticleJson.FormatInstant(article.Updated));
        Meta("article:section", article.Section.Name);
        foreach (var tag in article.Tags)
        {
            Meta("article:tag", tag);
        }

        // JSON-LD NewsArticle; the default encoder escapes '<', so no text can close the element.
        var linkedData = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = article.Title.Length > 110 ? article.Title[..110] : article.Title,
            ["description"] = article.Summary,
            ["datePublished"] = ArticleJson.FormatInstant(article.Published),
            ["dateModified"] = ArticleJson.FormatInstant(article.Updated),
            ["articleSection"] = article.Section.Name,
            ["keywords"] = article.Tags.Count > 0 ? string.Join(", ", article.Tags) : null,
            ["inLanguage"] = article.Language,
            ["wordCount"] = article.WordCount,
            ["mainEntityOfPage"] = canonical.AbsoluteUri,
            ["url"] = canonical.AbsoluteUri,
            ["image"] = image is null ? null : new[] { image.AbsoluteUri },
            ["author"] = article.Authors.Select(a => new Dictionary<string, string?> { ["@type"] = "Person", ["name"] = a.Name, ["url"] = a.Url }).ToArray(),
            ["publisher"] = new Dictionary<string, string> { ["@type"] = "Organization", ["name"] = siteTitle },
        };
        head.Append("<script type=\"application/ld+json\">")
            .Append(System.Text.Json.JsonSerializer.Serialize(linkedData.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)))
            .Append("</script>\n");

        var body = new StringBuilder(article.ContentHtml.Length + 2048);
        body.Append("<main>\n<article>\n<header>\n<p class=\"meta\"><a href=\"").Append(html.Encode(links.SectionPage(article.Section.Slug).AbsoluteUri)).Append("\">")
            .Append(html.Encode(article.Section.Name)).Append("</a> · <time datetime=\"")
            .Append(ArticleJson.FormatInstant(article.Published)).Append("\">")
            .Append(article.Published.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>");
        if (article.Updated > article.Published)
        {
            body.Append(" · updated <time datetime=\"").Append(ArticleJson.FormatInstant(article.Updated)).Append("\">")
                .Append(article.Updated.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time>");
        }

        if (article.ReadingMinutes > 0)
        {
            body.Append(" · ").Append(article.ReadingMinutes.ToString(CultureInfo.InvariantCulture)).Append(" min read");
        }

        body.Append("</p>\n<h1>").Append(html.Encode(article.Title)).Append("</h1>\n");
        if (article.Summary is { Length: > 0 })
        {
            body.Append("<p><strong>").Append(html.Encode(article.Summary)).Append("</strong></p>\n");
        }

        // Each author and tag with a feed links it (a browser opening a feed gets a page about it, with every format).
        var authorFeeds = FeedSlug.AuthorsOf(article).ToDictionary(a => a.Slug, a => links.Feed(FeedScope.OfAuthor(a.Slug), AtomFeedWriter.FormatName, null, null), StringComparer.Ordinal);
        var tagFeeds = FeedSlug.TagsOf(article).ToDictionary(t => t.Slug, t => links.Feed(FeedScope.OfTag(t.Slug), AtomFeedWriter.FormatName, null, null), StringComparer.Ordinal);
        string Linked(string name, Dictionary<string, Uri> feeds, string rel)
            => feeds.TryGetValue(FeedSlug.Of(name), out var feed)
                ? $"<a href=\"{html.Encode(feed.AbsoluteUri)}\" rel=\"{rel}\" title=\"Articles {(rel == "author" ? "by" : "tagged")} {html.Encode(name)}, as a feed\">{html.Encode(name)}</a>"
                : html.Encode(name);

        if (article.Authors.Count > 0)
        {
            body.Append("<p>By ").Append(string.Join(", ", article.Authors.Select(a => Linked(a.Name, authorFeeds, "author")))).Append("</p>\n");
        }

        if (article.Url is { Length: > 0 } && canonical != self)
        {
            body.Append("<p class=\"meta\">Originally published at <a rel=\"external\" href=\"").Append(html.Encode(canonical.AbsoluteUri)).Append("\">")
                .Append(html.Encode(canonical.Host)).Append("</a></p>\n");
        }

        body.Append("</header>\n");
        // A figure only around a picture: a caption with nothing to caption is left out. The caption names the
        // picture, so the alt text stays empty rather than being read twice; without a caption, the title.
        if (image is not null)
        {
            var caption = article.Image?.Caption is { Length: > 0 } c ? c : null;
            var credit = article.Image?.Credit is { Length: > 0 } k ? k : null;
            body.Append("<figure>\n<img src=\"").Append(html.Encode(image.AbsoluteUri)).Append("\" alt=\"").Append(caption is null ? html.Encode(article.Title) : "").Append("\">\n");
            if (caption is not null || credit is not null)
            {
                body.Append("<figcaption>").Append(html.Encode(caption ?? ""));
                if (credit is not null)
                {
                    body.Append(caption is null ? "" : " / ").Append("<span class=\"credit\">").Append(html.Encode(credit)).Append("</span>");
                }

                body.Append("</figcaption>\n");
            }

            body.Append("</figure>\n");
        }

        body.Append(article.ContentHtml).Append('\n');
        if (article.Related.Count > 0)
        {
            body.Append("<aside>\n<h2>Related</h2>\n<ul>\n");
            foreach (var related in article.Related)
            {
                var text = html.Encode(related.Source is { Length: > 0 } source ? $"{source}: {related.Title}" : related.Title);
                body.Append("<li>").Append(related.Url is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var relatedUri)
                    ? $"<a href=\"{html.Encode(relatedUri.AbsoluteUri)}\">{text}</a>"
                    : text).Append("</li>\n");
            }

            body.Append("</ul>\n</aside>\n");
        }

        if (article.Tags.Count > 0)
        {
            body.Append("<p class=\"meta\">Tags: ").Append(string.Join(", ", article.Tags.Select(t => Linked(t, tagFeeds, "tag")))).Append("</p>\n");
        }

        var followed = FeedSlug.AuthorsOf(article).Select(a => (Scope: FeedScope.OfAuthor(a.Slug), Title: FeedComposer.FeedTitle(siteTitle, FeedScope.OfAuthor(a.Slug), a.Name)))
            .Concat(FeedSlug.TagsOf(article).Select(t => (Scope: FeedScope.OfTag(t.Slug), Title: FeedComposer.FeedTitle(siteTitle, FeedScope.OfTag(t.Slug), t.Name))))
            .ToList();
        if (followed.Count > 0)
        {
            body.Append("<nav class=\"feeds\" aria-label=\"Follow\">\n<h2>Follow</h2>\n<ul>\n");
            foreach (var (scope, title) in followed)
            {
                body.Append("<li>").Append(html.Encode(title[(siteTitle.Length + 2)..])).Append(": ").Append(SitePage.FeedLinks(SitePage.FeedsOf(links, scope, title))).Append("</li>\n");
            }

            body.Append("</ul>\n</nav>\n");
        }

        body.Append("</article>\n</main>");

        // Autodiscovery: the section's and every article's feeds in each format, each author's and tag's as Atom.
        var feeds = SitePage.FeedsOf(links, article.Section.Slug, $"{siteTitle}: {article.Section.Name}").Concat(SitePage.FeedsOf(links, FeedScope.Every, siteTitle))
            .Concat(followed.Select(f => new FeedLink($"{f.Title} (Atom)", "application/atom+xml", links.Feed(f.Scope, AtomFeedWriter.FormatName, null, null))));
        return SitePage.Render(article.Title, article.Language ?? "en", feeds, links.FrontPage, siteTitle, body.ToString(), description, head.ToString());
    }
}
