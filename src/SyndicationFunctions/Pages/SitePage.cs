using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Pages;

/// <summary>A feed a page announces with <c>&lt;link rel="alternate"&gt;</c> (autodiscovery) and links to.</summary>
public sealed record FeedLink(string Title, string MediaType, Uri Url);

/// <summary>
/// The frame every page shares: language, viewport, one inline style sheet, feed autodiscovery, a header
/// linking home and a footer. Pages carry no script at all and are served under <see cref="ContentSecurityPolicy"/>.
/// </summary>
public static class SitePage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>Nothing may run; images from anywhere the articles point; the one inline style sheet.</summary>
    public const string ContentSecurityPolicy = ArticleHtmlPage.ContentSecurityPolicy;

    // Text stays in Unicode as given; markup characters are escaped.
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // Fits a 320 px screen whatever fonts the machine has: long words and addresses wrap, and below 36em the
    // sections table becomes one block per section instead of columns that cannot shrink further.
    private const string Style =
        "body{max-width:46em;margin:0 auto;padding:0 1em 2em;font:1.05em/1.6 Georgia,'Times New Roman',serif;color:#1b1b1b;background:#fff;overflow-wrap:break-word}" +
        "header.site{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:baseline;border-bottom:1px solid #ccc;padding:.8em 0;margin-bottom:1em}" +
        "header.site a{color:inherit;text-decoration:none;font-weight:bold}a{color:#0b5394}img{max-width:100%;height:auto}" +
        "ul.items{list-style:none;padding:0}ul.items li{margin:0 0 1.2em}.meta{color:#555;font-size:.9em}" +
        "nav.feeds a,td a{margin-right:.6em;display:inline-block}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}" +
        "table{border-collapse:collapse;width:100%}td,th{padding:.2em .6em .2em 0;text-align:left;vertical-align:top;border-bottom:1px solid #eee}" +
        "@media (max-width:36em){table.sections,table.sections tbody,table.sections tr,table.sections td,table.sections th{display:block}" +
        "table.sections thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}table.sections tr{padding:.4em 0;border-bottom:1px solid #eee}" +
        "table.sections td,table.sections th{border:0;padding:0}table.sections td:nth-of-type(1)::before{content:'Articles: '}table.sections td:nth-of-type(2)::before{content:'Latest: '}}" +
        "code{background:#f3f3f3;padding:0 .2em;word-break:break-all}footer{margin-top:2em;color:#555;font-size:.85em}";

    /// <param name="description">What the page is about, for search results and link previews (<c>meta name="description"</c>).</param>
    public static byte[] Render(string title, string language, IEnumerable<FeedLink> feeds, Uri home, string siteTitle, string body, string description, string? head = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(home);
        var page = new StringBuilder(body.Length + 2048);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
            .Append("<meta name=\"description\" content=\"").Append(Html.Encode(description)).Append("\">\n")
            // No icon to fetch: the app serves nothing outside /api, and a missing /favicon.ico is a console error.
            .Append("<link rel=\"icon\" href=\"data:,\">\n");
        foreach (var feed in feeds)
        {
            page.Append("<link rel=\"alternate\" type=\"").Append(feed.MediaType).Append("\" title=\"").Append(Html.Encode(feed.Title))
                .Append("\" href=\"").Append(Html.Encode(feed.Url.AbsoluteUri)).Append("\">\n");
        }

        page.Append(head).Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<header class=\"site\"><a href=\"")
            .Append(Html.Encode(home.AbsoluteUri)).Append("\">").Append(Html.Encode(siteTitle)).Append("</a></header>\n")
            .Append(body)
            .Append("\n<footer>Served by SyndicationFunctions. Feeds: RSS 2.0, Atom 1.0, JSON Feed 1.1.</footer>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }

    /// <summary>The three feeds of a section (or of every section), for autodiscovery and subscribe links.</summary>
    public static IReadOnlyList<FeedLink> FeedsOf(PublicLinks links, string? section, string name)
        => FeedsOf(links, Storage.FeedScope.OfSectionOrEvery(section), name);

    /// <summary>The three feeds of any feed scope (a section, a tag, an author, every article).</summary>
    public static IReadOnlyList<FeedLink> FeedsOf(PublicLinks links, Storage.FeedScope scope, string name)
    {
        ArgumentNullException.ThrowIfNull(links);
        return
        [
            new FeedLink($"{name} (RSS)", "application/rss+xml", links.Feed(scope, RssFeedWriter.FormatName, null, null)),
            new FeedLink($"{name} (Atom)", "application/atom+xml", links.Feed(scope, AtomFeedWriter.FormatName, null, null)),
            new FeedLink($"{name} (JSON Feed)", "application/feed+json", links.Feed(scope, JsonFeedWriter.FormatName, null, null)),
        ];
    }

    /// <summary>"RSS Atom JSON Feed" links, inline (a table cell, a sentence).</summary>
    public static string FeedLinks(IEnumerable<FeedLink> feeds)
        => string.Join(' ', feeds.Select(f =>
            $"<a href=\"{Html.Encode(f.Url.AbsoluteUri)}\" type=\"{f.MediaType}\">{Html.Encode(FormatOf(f))}</a>"));

    /// <summary>
    /// A labelled block of feed links: "<paramref name="lead"/> RSS Atom JSON Feed", and one more link when given.
    /// A block of its own, since a <c>nav</c> cannot sit inside a paragraph.
    /// </summary>
    public static string FeedNav(string label, string lead, IEnumerable<FeedLink> feeds, Uri? extra = null, string? extraText = null)
    {
        var nav = new StringBuilder("<nav class=\"feeds\" aria-label=\"").Append(Html.Encode(label)).Append("\"><p>")
            .Append(Html.Encode(lead)).Append(' ').Append(FeedLinks(feeds));
        if (extra is not null)
        {
            nav.Append(" · <a href=\"").Append(Html.Encode(extra.AbsoluteUri)).Append("\">").Append(Html.Encode(extraText ?? extra.AbsoluteUri)).Append("</a>");
        }

        return nav.Append("</p></nav>\n").ToString();
    }

    /// <summary>The format's short name in a feed link's title: "RSS" of "World (RSS)".</summary>
    public static string FormatOf(FeedLink feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Title[(feed.Title.LastIndexOf('(') + 1)..^1];
    }

    /// <summary>
    /// A list of articles: each title linked to <c>Link</c>, its publication date and section (linked to the
    /// section page), when it last changed if <c>ChangedAt</c> is given (what a feed is ordered by), and its summary.
    /// </summary>
    public static string ArticleList(IReadOnlyList<(Article Article, Uri Link, DateTimeOffset? ChangedAt)> items, PublicLinks links)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(links);
        if (items.Count == 0)
        {
            return "<p>No articles yet.</p>\n";
        }

        var list = new StringBuilder("<ul class=\"items\">\n");
        foreach (var (article, link, changedAt) in items)
        {
            list.Append("<li><a href=\"").Append(Html.Encode(link.AbsoluteUri)).Append("\"><strong>").Append(Html.Encode(article.Title))
                .Append("</strong></a><br><span class=\"meta\">published ").Append(Date(article.Published)).Append(" · <a href=\"")
                .Append(Html.Encode(links.SectionPage(article.Section.Slug).AbsoluteUri)).Append("\">").Append(Html.Encode(article.Section.Name)).Append("</a>");
            if (changedAt is { } changed)
            {
                list.Append(" · changed ").Append(DateTime(changed));
            }

            list.Append("</span>");
            if (article.Summary is { Length: > 0 } summary)
            {
                list.Append("<br>").Append(Html.Encode(summary));
            }

            list.Append("</li>\n");
        }

        return list.Append("</ul>\n").ToString();
    }

    /// <summary>The day and the time (UTC): when an item changed, to the minute, since several changes can share a day.</summary>
    public static string DateTime(DateTimeOffset at)
        => $"<time datetime=\"{ArticleJson.FormatInstant(at)}\">{at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>";

    public static string Date(DateTimeOffset at)
        => $"<time datetime=\"{ArticleJson.FormatInstant(at)}\">{at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}</time>";
}
