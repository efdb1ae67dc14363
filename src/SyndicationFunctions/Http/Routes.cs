namespace SyndicationFunctions.Http;

/// <summary>Every HTTP route of the app, relative to the host's route prefix (<c>api</c>, in host.json).</summary>
public static class Routes
{
    public const string Articles = "articles";
    public const string ArticlesBatch = "articles/batch";
    public const string Article = "articles/{id}";
    public const string Feed = "feeds/{format}";
    public const string SectionFeed = "feeds/{section}/{format}";
    public const string Summary = "summary";

    /// <summary>The publisher's scheduled articles: its own segment, since a literal never beats <c>articles/{id}</c>.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Every public change in commit order.</summary>
    public const string Changes = "changes";
    public const string Health = "health";

    /// <summary>The WebSub hub: anonymous, form-encoded subscribe and unsubscribe.</summary>
    public const string Hub = "hub";

    /// <summary>Partner webhook endpoints (function key): register and list.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>One partner webhook endpoint: remove it.</summary>
    public const string Webhook = "webhooks/{id}";

    /// <summary>The front page: sections, counts, the latest articles, every feed.</summary>
    public const string Home = "home";

    public const string SectionPage = "sections/{section}";

    /// <summary>OPML 2.0 of every feed, to subscribe in one step.</summary>
    public const string Opml = "feeds.opml";

    /// <summary>The sitemap index: one sitemap per month of publication.</summary>
    public const string Sitemap = "sitemap.xml";

    public const string SitemapMonth = "sitemaps/{month}";

    /// <summary>The Google News sitemap: articles published in the last two days.</summary>
    public const string NewsSitemap = "news-sitemap.xml";

    /// <summary>The prefix the host puts before every route (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "api";

    public static string ArticlePath(string id) => $"/{Prefix}/{Articles}/{Uri.EscapeDataString(id)}";
}
