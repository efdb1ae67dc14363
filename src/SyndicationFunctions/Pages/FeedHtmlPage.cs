using System.Text;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Pages;

/// <summary>
/// A feed as a person sees it when they open its URL in a browser: what the feed is, how to subscribe, and
/// each item with its date, section, summary and link. Feed readers never get this (they do not rank
/// text/html above feed types), so the feed itself stays exactly what it is.
/// </summary>
public static class FeedHtmlPage
{
    public static byte[] Render(FeedDocument feed, string formatName, IReadOnlyList<FeedLink> formats, PublicLinks links, string siteTitle)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(links);
        var html = SitePage.Html;
        var body = new StringBuilder();
        body.Append("<main>\n<h1>").Append(html.Encode(feed.Title)).Append("</h1>\n<p>").Append(html.Encode(feed.Description)).Append("</p>\n")
            .Append("<section aria-labelledby=\"subscribe\">\n<h2 id=\"subscribe\">Subscribe</h2>\n")
            .Append("<p>This is a ").Append(html.Encode(formatName)).Append(" feed. Copy its address into your feed reader:</p>\n<p><code>")
            .Append(html.Encode(feed.SelfUrl.AbsoluteUri)).Append("</code></p>\n<p>Also as ").Append(SitePage.FeedNav(formats))
            .Append(" · <a href=\"").Append(html.Encode(links.Opml.AbsoluteUri)).Append("\">every feed as OPML</a></p>\n</section>\n")
            .Append("<h2>Latest</h2>\n");
        body.Append(SitePage.ArticleList(feed.Entries.Select(e => (e.Article, e.Link)).ToList(), links, showUpdated: true));
        if (feed.NextUrl is not null)
        {
            body.Append("<p><a rel=\"next\" href=\"").Append(html.Encode(feed.NextUrl.AbsoluteUri)).Append("\">Older articles</a></p>\n");
        }

        body.Append("</main>");
        return SitePage.Render(feed.Title, feed.Language ?? "en", formats, links.FrontPage, siteTitle, body.ToString());
    }
}
