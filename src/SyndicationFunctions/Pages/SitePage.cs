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

    private const string Style =
        "body{max-width:46em;margin:0 auto;padding:0 1em 2em;font:1.05em/1.6 Georgia,'Times New Roman',serif;color:#1b1b1b;background:#fff}" +
        "header.site{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:baseline;border-bottom:1px solid #ccc;padding:.8em 0;margin-bottom:1em}" +
        "header.site a{color:inherit;text-decoration:none;font-weight:bold}a{color:#0b5394}img{max-width:100%;height:auto}" +
        "ul.items{list-style:none;padding:0}ul.items li{margin:0 0 1.2em}.meta{color:#555;font-size:.9em}" +
        "nav.feeds a{margin-right:.8em}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}" +
        "table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto}td,th{padding:.2em .6em;text-align:left;border-bottom:1px solid #eee}" +
        "@media (max-width:30em){nav.feeds a{display:inline-block}td:last-child{white-space:normal}}" +
        "code{background:#f3f3f3;padding:0 .2em;word-break:break-all}footer{margin-top:2em;color:#555;font-size:.85em}";

    public static byte[] Render(string title, string language, IEnumerable<FeedLink> feeds, Uri home, string siteTitle, string body, string? head = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(home);
        var page = new StringBuilder(body.Length + 2048);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
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
    {
        ArgumentNullException.ThrowIfNull(links);
        return
        [
            new FeedLink($"{name} (RSS)", "application/rss+xml", links.Feed(section, RssFeedWriter.FormatName, null, null)),
            new FeedLink($"{name} (Atom)", "application/atom+xml", links.Feed(section, AtomFeedWriter.FormatName, null, null)),
            new FeedLink($"{name} (JSON Feed)", "application/feed+json", links.Feed(section, JsonFeedWriter.FormatName, null, null)),
        ];
    }

    /// <summary>"RSS · Atom · JSON Feed" links.</summary>
    public static string FeedNav(IEnumerable<FeedLink> feeds)
        => "<nav class=\"feeds\">" + string.Concat(feeds.Select(f =>
            $"<a href=\"{Html.Encode(f.Url.AbsoluteUri)}\" type=\"{f.MediaType}\">{Html.Encode(f.Title[(f.Title.LastIndexOf('(') + 1)..^1])}</a>")) + "</nav>";

    /// <summary>
    /// A list of articles: each title linked to <c>Link</c>, its date and section (linked to the section page),
    /// when it changed if <paramref name="showUpdated"/>, and its summary.
    /// </summary>
    public static string ArticleList(IReadOnlyList<(Article Article, Uri Link)> items, PublicLinks links, bool showUpdated)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(links);
        if (items.Count == 0)
        {
            return "<p>No articles yet.</p>\n";
        }

        var list = new StringBuilder("<ul class=\"items\">\n");
        foreach (var (article, link) in items)
        {
            list.Append("<li><a href=\"").Append(Html.Encode(link.AbsoluteUri)).Append("\"><strong>").Append(Html.Encode(article.Title))
                .Append("</strong></a><br><span class=\"meta\">").Append(Date(article.Published)).Append(" · <a href=\"")
                .Append(Html.Encode(links.SectionPage(article.Section.Slug).AbsoluteUri)).Append("\">").Append(Html.Encode(article.Section.Name)).Append("</a>");
            if (showUpdated && article.Updated > article.Published)
            {
                list.Append(" · updated ").Append(Date(article.Updated));
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

    public static string Date(DateTimeOffset at)
        => $"<time datetime=\"{ArticleJson.FormatInstant(at)}\">{at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}</time>";
}
