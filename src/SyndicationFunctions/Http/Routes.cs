namespace SyndicationFunctions.Http;

/// <summary>
/// Every HTTP route of the app, as the host serves it. host.json sets an empty route prefix
/// (<see cref="HostPrefix"/>) so the site's root (<c>/</c>, <c>/robots.txt</c>, <c>/sitemap.xml</c>) can be
/// served; every other route spells its <c>api/</c> itself, so no URL that worked before moves.
/// </summary>
public static class Routes
{
    /// <summary>The prefix the host puts before every route (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string HostPrefix = "";

    /// <summary>The segment every API route starts with.</summary>
    public const string Api = "api";

    public const string Articles = Api + "/articles";
    public const string ArticlesBatch = Api + "/articles/batch";
    public const string Article = Api + "/articles/{id}";
    public const string Feed = Api + "/feeds/{format}";
    public const string SectionFeed = Api + "/feeds/{section}/{format}";

    /// <summary>One tag's feed: five segments, so it never meets the four of <see cref="SectionFeed"/> (a section named "tags" included).</summary>
    public const string TagFeed = Api + "/feeds/" + TagsSegment + "/{tag}/{format}";

    /// <summary>One author's feed, as <see cref="TagFeed"/>.</summary>
    public const string AuthorFeed = Api + "/feeds/" + AuthorsSegment + "/{author}/{format}";

    public const string TagsSegment = "tags";
    public const string AuthorsSegment = "authors";
    public const string Summary = Api + "/summary";

    /// <summary>The publisher's scheduled articles: its own segment, since a literal never beats <c>articles/{id}</c>.</summary>
    public const string Scheduled = Api + "/scheduled";

    /// <summary>Every public change in commit order.</summary>
    public const string Changes = Api + "/changes";
    public const string Health = Api + "/health";

    /// <summary>
    /// The front page, at the site's root. The Functions host does not match an empty route; an optional
    /// parameter that must be empty matches <c>/</c> and nothing else.
    /// </summary>
    public const string Root = "{root:maxlength(0)?}";

    /// <summary>The WebSub hub: anonymous, form-encoded subscribe and unsubscribe.</summary>
    public const string Hub = Api + "/hub";

    /// <summary>Partner webhook endpoints (function key): register and list.</summary>
    public const string Webhooks = Api + "/webhooks";

    /// <summary>One partner webhook endpoint: remove it.</summary>
    public const string Webhook = Api + "/webhooks/{id}";

    /// <summary>Crawl rules: everything allowed, the sitemaps named.</summary>
    public const string RobotsTxt = "robots.txt";

    /// <summary>The sitemap index, at the root where crawlers look: one sitemap per month of publication.</summary>
    public const string Sitemap = "sitemap.xml";

    /// <summary>Where the front page was first served; now a permanent redirect to <c>/</c>.</summary>
    public const string Home = Api + "/home";

    /// <summary>Where the sitemap index was first served; now a permanent redirect to <c>/sitemap.xml</c>.</summary>
    public const string ApiSitemap = Api + "/sitemap.xml";

    public const string SectionPage = Api + "/sections/{section}";

    /// <summary>OPML 2.0 of every feed, to subscribe in one step.</summary>
    public const string Opml = Api + "/feeds.opml";

    public const string SitemapMonth = Api + "/sitemaps/{month}";

    /// <summary>The Google News sitemap: articles published in the last two days.</summary>
    public const string NewsSitemap = Api + "/news-sitemap.xml";

    public static string ArticlePath(string id) => $"/{Articles}/{Uri.EscapeDataString(id)}";

    public static string SectionPagePath(string slug) => $"/{Api}/sections/{Uri.EscapeDataString(slug)}";

    public static string SitemapMonthPath(string month) => $"/{Api}/sitemaps/{Uri.EscapeDataString(month)}";

    public static string FeedPath(string? section, string format)
        => section is null ? $"/{Api}/feeds/{format}" : $"/{Api}/feeds/{Uri.EscapeDataString(section)}/{format}";

    public static string FeedPath(Storage.FeedScope scope, string format)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            Storage.FeedScopeKind.Tag => $"/{Api}/feeds/{TagsSegment}/{Uri.EscapeDataString(scope.Slug!)}/{format}",
            Storage.FeedScopeKind.Author => $"/{Api}/feeds/{AuthorsSegment}/{Uri.EscapeDataString(scope.Slug!)}/{format}",
            _ => FeedPath(scope.Section, format),
        };
    }
}
