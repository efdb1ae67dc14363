using System.Text;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Pages;

/// <summary>
/// A feed as a person sees it when they open its URL in a browser: what the feed is, how to subscribe, what
/// its order means, and each item with its dates, section, summary and link. Feed readers never get this (they
/// do not rank text/html above feed types), so the feed itself stays exactly what it is.
/// </summary>
public static class FeedHtmlPage
{
    /// <param name="formatName">The format shown, such as "RSS 2.0".</param>
    /// <param name="formats">The feed in every format; the one shown is left out of "Also as".</param>
    public static byte[] Render(FeedDocument feed, string formatName, IReadOnlyList<FeedLink> formats, PublicLinks links, string siteTitle)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(formatName);
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(links);
        var html = SitePage.Html;
        var others = formats.Where(f => !formatName.StartsWith(SitePage.FormatOf(f), StringComparison.Ordinal)).ToList();
        var body = new StringBuilder();
        body.Append("<main>\n<h1>").Append(html.Encode(feed.Title)).Append("</h1>\n<p>").Append(html.Encode(feed.Description)).Append("</p>\n")
            .Append("<section aria-labelledby=\"subscribe\">\n<h2 id=\"subscribe\">Subscribe</h2>\n")
            .Append("<p>This is ").Append(Article(formatName)).Append(' ').Append(html.Encode(formatName)).Append(" feed. Copy its address into your feed reader:</p>\n<p><code>")
            .Append(html.Encode(feed.SelfUrl.AbsoluteUri)).Append("</code></p>\n")
            .Append(SitePage.FeedNav("Other formats of this feed", "Also as", others, links.Opml, "every feed as OPML"))
            .Append("</section>\n<h2>Latest changes</h2>\n")
            .Append("<p>Newest change first: an article is listed by when it last changed here (first published, corrected, or made public at its scheduled time), ")
            .Append("so a correction moves it back to the top and publication dates need not be in order.</p>\n");
        body.Append(SitePage.ArticleList(feed.Entries.Select(e => (e.Article, e.Link, (DateTimeOffset?)(e.ListedAt ?? e.Article.Updated))).ToList(), links));
        if (feed.NextUrl is not null)
        {
            body.Append("<p><a rel=\"next\" href=\"").Append(html.Encode(feed.NextUrl.AbsoluteUri)).Append("\">Older changes</a></p>\n");
        }

        body.Append("</main>");
        var description = $"{feed.Description} {Capitalised(Article(formatName))} {formatName} feed to follow in a feed reader, newest change first.";
        return SitePage.Render(feed.Title, feed.Language ?? "en", formats, links.FrontPage, siteTitle, body.ToString(), description);
    }

    /// <summary>"an" before a vowel sound as it is read aloud: an RSS, an Atom, a JSON Feed.</summary>
    private static string Article(string formatName)
        => formatName.Length > 0 && "AEFHILMNORSX".Contains(formatName[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
