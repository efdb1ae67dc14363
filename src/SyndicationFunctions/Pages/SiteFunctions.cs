using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Pages;

/// <summary>
/// What people and crawlers read besides the feeds: the front page, section pages, OPML of every feed, the
/// sitemap index with a sitemap per month, and the Google News sitemap. Each is one or two storage reads,
/// rendered once per change and kept in the render cache, in every coding a client asks for.
/// </summary>
public sealed class SiteFunctions(IArticleStore store, RenderedResponseCache cache, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<SiteFunctions> logger)
{
    /// <summary>Entries one sitemap may hold (sitemaps.org).</summary>
    public const int SitemapLimit = 50_000;

    /// <summary>Entries a news sitemap may hold (Google News).</summary>
    public const int NewsSitemapLimit = 1_000;

    private const string SitemapType = "application/xml; charset=utf-8";
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";

    /// <summary>When this instance started: what <c>robots.txt</c> depends on besides the base URL is this build.</summary>
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    /// <summary>How long readers may keep a permanent redirect from a URL the site served before.</summary>
    private static readonly TimeSpan RedirectMaxAge = TimeSpan.FromDays(1);

    /// <summary>The front page, at the site's root.</summary>
    [Function(nameof(GetFrontPage))]
    public Task<IActionResult> GetFrontPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Root)] HttpRequest request,
        CancellationToken cancellationToken)
        => ServeAsync(request, "front", async (links, settings) =>
        {
            var stats = await store.GetStatsAsync(10, cancellationToken).ConfigureAwait(false);
            var html = SitePage.Html;
            var all = SitePage.FeedsOf(links, FeedScope.Every, settings.FeedTitle);
            var counts = $"{Count(stats.TotalArticles, "article")} in {Count(stats.Sections.Count, "section")}.";
            var body = new StringBuilder("<main>\n<h1>").Append(html.Encode(settings.FeedTitle)).Append("</h1>\n<p>").Append(counts).Append("</p>\n")
                .Append(SitePage.FeedNav("Feeds of every section", "Every section:", all, links.Opml, "all feeds as OPML"))
                .Append("<h2>Sections</h2>\n");
            if (stats.Sections.Count == 0)
            {
                body.Append("<p>No articles yet.</p>\n");
            }
            else
            {
                body.Append("<table class=\"sections\">\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">Articles</th><th scope=\"col\">Latest</th><th scope=\"col\">Feeds</th></tr></thead>\n<tbody>\n");
                foreach (var section in stats.Sections)
                {
                    body.Append("<tr><th scope=\"row\"><a href=\"").Append(html.Encode(links.SectionPage(section.Slug).AbsoluteUri)).Append("\">").Append(html.Encode(section.Name))
                        .Append("</a></th><td>").Append(section.ArticleCount.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                        .Append(section.LatestPublished is { } latest ? SitePage.Date(latest) : "").Append("</td><td>")
                        .Append(SitePage.FeedLinks(SitePage.FeedsOf(links, section.Slug, section.Name))).Append("</td></tr>\n");
                }

                body.Append("</tbody>\n</table>\n");
            }

            body.Append("<h2>Latest articles</h2>\n").Append(Items(stats.Latest, links));
            var followed = Followed(stats.Latest, settings.FeedTitle);
            if (followed.Count > 0)
            {
                // Every tag and author has a feed; these are the ones of the latest articles.
                body.Append("<h2>Follow an author or a tag</h2>\n<ul class=\"follow\">\n");
                foreach (var (scope, title) in followed)
                {
                    body.Append("<li>").Append(html.Encode(title[(settings.FeedTitle.Length + 2)..])).Append(": ")
                        .Append(SitePage.FeedLinks(SitePage.FeedsOf(links, scope, title))).Append("</li>\n");
                }

                body.Append("</ul>\n");
            }

            body.Append("</main>");
            var description = $"The latest articles from {settings.FeedTitle}: {counts} Read them here or subscribe as RSS, Atom or JSON Feed.";
            var page = SitePage.Render(settings.FeedTitle, settings.FeedLanguage, all, links.FrontPage, settings.FeedTitle, body.ToString(), description);
            return Page(page, stats.Version, stats.LastModified, stats.NextDue);
        });

    [Function(nameof(GetSectionPage))]
    public Task<IActionResult> GetSectionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.SectionPage)] HttpRequest request,
        string section,
        CancellationToken cancellationToken)
        => ServeAsync(request, "section:" + section, async (links, settings) =>
        {
            if (!Slug.IsSlug(section))
            {
                return null;
            }

            var feed = await store.ReadFeedAsync(FeedScope.OfSection(section), settings.DefaultFeedLimit, null, settings.CacheMaxAge, cancellationToken).ConfigureAwait(false);
            if (feed?.Section is null)
            {
                return null;
            }

            var html = SitePage.Html;
            var feeds = SitePage.FeedsOf(links, section, feed.Section.Name);
            var body = new StringBuilder("<main>\n<h1>").Append(html.Encode(feed.Section.Name)).Append("</h1>\n")
                .Append(SitePage.FeedNav($"Feeds of {feed.Section.Name}", "Subscribe:", feeds))
                .Append("<h2>Latest</h2>\n").Append(Items(feed.Items.Select(i => i.Article).ToList(), links)).Append("</main>");
            var title = $"{feed.Section.Name} · {settings.FeedTitle}";
            var description = $"The latest {feed.Section.Name} articles from {settings.FeedTitle}, newest first, with their RSS, Atom and JSON feeds.";
            var page = SitePage.Render(title, settings.FeedLanguage, feeds.Concat(SitePage.FeedsOf(links, FeedScope.Every, settings.FeedTitle)), links.FrontPage, settings.FeedTitle, body.ToString(), description);
            return Page(page, feed.Version + feed.Section.Name, feed.LastModified, feed.NextDue);
        });

    /// <summary>OPML 2.0 of the all-sections feed and every section's, in one format (<c>?format=rss|atom|json</c>, RSS by default).</summary>
    [Function(nameof(GetOpml))]
    public Task<IActionResult> GetOpml(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Opml)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"].ToString() is { Length: > 0 } asked ? asked.ToLowerInvariant() : RssFeedWriter.FormatName;
        return ServeAsync(request, "opml:" + format, async (links, settings) =>
        {
            if (format is not (RssFeedWriter.FormatName or AtomFeedWriter.FormatName or JsonFeedWriter.FormatName))
            {
                throw ArticleValidationException.ForQuery("format", "format must be rss, atom or json.");
            }

            var stats = await store.GetStatsAsync(10, cancellationToken).ConfigureAwait(false);
            var xml = Xml(writer =>
            {
                writer.WriteStartElement("opml");
                writer.WriteAttributeString("version", "2.0");
                writer.WriteStartElement("head");
                writer.WriteElementString("title", $"{settings.FeedTitle}: every feed");
                writer.WriteElementString("dateModified", stats.LastModified.ToString("r", CultureInfo.InvariantCulture));
                writer.WriteElementString("docs", "http://opml.org/spec2.opml");
                writer.WriteEndElement();
                writer.WriteStartElement("body");
                Outline(writer, settings.FeedTitle, links.Feed(FeedScope.Every, format, null, null), links.FrontPage, format);
                foreach (var section in stats.Sections)
                {
                    Outline(writer, $"{settings.FeedTitle}: {section.Name}", links.Feed(section.Slug, format, null, null), links.SectionPage(section.Slug), format);
                }

                // The authors and tags of the latest articles (every tag and author has a feed; these are the live ones).
                foreach (var (scope, title) in Followed(stats.Latest, settings.FeedTitle))
                {
                    Outline(writer, title, links.Feed(scope, format, null, null), links.Feed(scope, AtomFeedWriter.FormatName, null, null), format);
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            });
            return new RenderedResponse(xml, "text/x-opml; charset=utf-8", ResourceValidators.ForVersion("opml|" + format + "|" + stats.Version, stats.LastModified), stats.NextDue);
        });
    }

    /// <summary>Crawl rules at the root: every page allowed, both sitemaps named.</summary>
    [Function(nameof(GetRobotsTxt))]
    public Task<IActionResult> GetRobotsTxt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.RobotsTxt)] HttpRequest request)
        => ServeAsync(request, "robots", (links, _) =>
        {
            var text = $"User-agent: *\nAllow: /\n\nSitemap: {links.Sitemap.AbsoluteUri}\nSitemap: {links.NewsSitemap.AbsoluteUri}\n";
            return Task.FromResult<RenderedResponse?>(new RenderedResponse(
                Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", ResourceValidators.ForVersion("robots|" + text, Started)));
        });

    /// <summary>Where the front page was first served: a permanent redirect to the root, so old links and bookmarks still lead there.</summary>
    [Function(nameof(RedirectHome))]
    public Task<IActionResult> RedirectHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Home)] HttpRequest request)
        => MovedPermanently(request, links => links.FrontPage);

    /// <summary>Where the sitemap index was first served: a permanent redirect to <c>/sitemap.xml</c>.</summary>
    [Function(nameof(RedirectSitemap))]
    public Task<IActionResult> RedirectSitemap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.ApiSitemap)] HttpRequest request)
        => MovedPermanently(request, links => links.Sitemap);

    [Function(nameof(GetSitemap))]
    public Task<IActionResult> GetSitemap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Sitemap)] HttpRequest request,
        CancellationToken cancellationToken)
        => ServeAsync(request, "sitemap", async (links, settings) =>
        {
            var stats = await store.GetStatsAsync(1, cancellationToken).ConfigureAwait(false);
            var xml = Xml(writer =>
            {
                writer.WriteStartElement("sitemapindex", SitemapNamespace);
                WriteSitemap(writer, links.SitemapMonth("pages"), null);
                if (stats.FirstPublished is { } first && stats.LastPublished is { } last)
                {
                    // One sitemap per month of publication, newest first: each is one range query.
                    for (var month = new DateTimeOffset(last.Year, last.Month, 1, 0, 0, 0, TimeSpan.Zero); month >= new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero); month = month.AddMonths(-1))
                    {
                        WriteSitemap(writer, links.SitemapMonth(month.ToString("yyyy-MM", CultureInfo.InvariantCulture)), null);
                    }
                }

                writer.WriteEndElement();
            });
            return new RenderedResponse(xml, SitemapType, ResourceValidators.ForVersion("sitemap|" + stats.Version, stats.LastModified), stats.NextDue);
        });

    [Function(nameof(GetSitemapMonth))]
    public Task<IActionResult> GetSitemapMonth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.SitemapMonth)] HttpRequest request,
        string month,
        CancellationToken cancellationToken)
        => ServeAsync(request, "sitemap:" + month, async (links, settings) =>
        {
            if (month == "pages")
            {
                var stats = await store.GetStatsAsync(1, cancellationToken).ConfigureAwait(false);
                var pages = Xml(writer =>
                {
                    writer.WriteStartElement("urlset", SitemapNamespace);
                    WriteUrl(writer, links.FrontPage, stats.TotalArticles > 0 ? stats.LastModified : null);
                    foreach (var section in stats.Sections)
                    {
                        WriteUrl(writer, links.SectionPage(section.Slug), section.LatestPublished);
                    }

                    writer.WriteEndElement();
                });
                return new RenderedResponse(pages, SitemapType, ResourceValidators.ForVersion("pages|" + stats.Version, stats.LastModified), stats.NextDue);
            }

            if (!DateTimeOffset.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
            {
                return null;
            }

            start = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var articles = await store.ListHeadlinesAsync(start, start.AddMonths(1), SitemapLimit, cancellationToken).ConfigureAwait(false);
            var xml = Xml(writer =>
            {
                writer.WriteStartElement("urlset", SitemapNamespace);
                foreach (var article in articles)
                {
                    WriteUrl(writer, links.ArticlePage(article.Id), article.Updated);
                }

                writer.WriteEndElement();
            });
            var version = VersionOf(articles);
            var lastModified = articles.Count > 0 ? articles.Max(a => a.Updated) : start;
            return new RenderedResponse(xml, SitemapType, ResourceValidators.ForVersion("month|" + month + "|" + version, lastModified));
        });

    /// <summary>Google News: the articles published in the last two days, with their publication, date and title.</summary>
    [Function(nameof(GetNewsSitemap))]
    public Task<IActionResult> GetNewsSitemap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.NewsSitemap)] HttpRequest request,
        CancellationToken cancellationToken)
        => ServeAsync(request, "news", async (links, settings) =>
        {
            var now = time.GetUtcNow();
            var articles = await store.ListHeadlinesAsync(now.AddDays(-2), now.AddSeconds(1), NewsSitemapLimit, cancellationToken).ConfigureAwait(false);
            var xml = Xml(writer =>
            {
                writer.WriteStartElement("urlset", SitemapNamespace);
                writer.WriteAttributeString("xmlns", "news", null, NewsNamespace);
                foreach (var article in articles)
                {
                    writer.WriteStartElement("url", SitemapNamespace);
                    writer.WriteElementString("loc", SitemapNamespace, links.ArticlePage(article.Id).AbsoluteUri);
                    writer.WriteStartElement("news", NewsNamespace);
                    writer.WriteStartElement("publication", NewsNamespace);
                    writer.WriteElementString("name", NewsNamespace, settings.FeedTitle);
                    writer.WriteElementString("language", NewsNamespace, NewsLanguage(article.Language ?? settings.FeedLanguage));
                    writer.WriteEndElement();
                    writer.WriteElementString("publication_date", NewsNamespace, ArticleJson.FormatInstant(article.Published));
                    writer.WriteElementString("title", NewsNamespace, Articles.XmlText.RemoveForbiddenCharacters(article.Title));
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            });
            var version = VersionOf(articles);
            // The window moves: an article leaves two days after its publication, so the copy is fresh for a minute at most.
            var oldest = articles.Count > 0 ? articles.Min(a => a.Published).AddDays(2) : (DateTimeOffset?)null;
            return new RenderedResponse(xml, SitemapType, ResourceValidators.ForVersion("news|" + version, articles.Count > 0 ? articles.Max(a => a.Updated) : now),
                oldest is { } leaves && leaves < now.AddMinutes(1) ? leaves : now.AddMinutes(1));
        });

    private Task<IActionResult> ServeAsync(HttpRequest request, string name, Func<PublicLinks, SyndicationOptions, Task<RenderedResponse?>> render)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var settings = options.Value;
            var baseUri = PublicBaseUri.Of(request, settings);
            var rendered = await cache.GetOrRenderAsync(new SiteKey(name, baseUri), () => render(new PublicLinks(baseUri, settings.SiteUrl), settings)).ConfigureAwait(false);
            return rendered is null
                ? ProblemResult.NotFound("There is no such page.")
                : rendered.Serve(request, rendered.MaxAge(settings.CacheMaxAge, time.GetUtcNow()), null);
        });

    private Task<IActionResult> MovedPermanently(HttpRequest request, Func<PublicLinks, Uri> target)
        => ApiErrors.HandleAsync(logger, () =>
        {
            var settings = options.Value;
            var result = new BytesResult(StatusCodes.Status301MovedPermanently, null, null);
            result.Headers["Location"] = target(new PublicLinks(PublicBaseUri.Of(request, settings), settings.SiteUrl)).AbsoluteUri;
            result.Headers["Cache-Control"] = new CacheControlHeaderValue { Public = true, MaxAge = RedirectMaxAge }.ToString();
            return Task.FromResult<IActionResult>(result);
        });

    private static string Count(int count, string noun)
        => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    private static RenderedResponse Page(byte[] page, string version, DateTimeOffset lastModified, DateTimeOffset? nextDue)
        => new(page, SitePage.ContentType, ResourceValidators.ForVersion("page|" + version, lastModified), nextDue)
        {
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = SitePage.ContentSecurityPolicy },
        };

    /// <summary>What a sitemap's bytes depend on: each article's id and when it last changed.</summary>
    private static string VersionOf(IReadOnlyList<ArticleHeadline> articles)
        => string.Join('|', articles.Select(a => a.Id + "@" + a.Updated.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Articles linked to their page on this site.</summary>
    private static string Items(IReadOnlyList<Article> articles, PublicLinks links)
        => SitePage.ArticleList(articles.Select(a => (a, links.ArticlePage(a.Id), (DateTimeOffset?)null)).ToList(), links);

    /// <summary>The author and tag feeds of <paramref name="articles"/>, authors first, each once, with their feed titles.</summary>
    private static List<(FeedScope Scope, string Title)> Followed(IEnumerable<Article> articles, string siteTitle)
    {
        var list = articles.ToList();
        return list.SelectMany(a => FeedSlug.AuthorsOf(a).Select(x => (Scope: FeedScope.OfAuthor(x.Slug), x.Name)))
            .Concat(list.SelectMany(a => FeedSlug.TagsOf(a).Select(x => (Scope: FeedScope.OfTag(x.Slug), x.Name))))
            .DistinctBy(f => f.Scope)
            .Select(f => (f.Scope, FeedComposer.FeedTitle(siteTitle, f.Scope, f.Name)))
            .ToList();
    }

    private static void Outline(XmlWriter writer, string title, Uri feed, Uri page, string format)
    {
        writer.WriteStartElement("outline");
        writer.WriteAttributeString("type", "rss");
        writer.WriteAttributeString("text", title);
        writer.WriteAttributeString("title", title);
        writer.WriteAttributeString("xmlUrl", feed.AbsoluteUri);
        writer.WriteAttributeString("htmlUrl", page.AbsoluteUri);
        writer.WriteAttributeString("version", format == RssFeedWriter.FormatName ? "RSS2" : format == AtomFeedWriter.FormatName ? "ATOM" : "JSONFEED");
        writer.WriteEndElement();
    }

    private static void WriteSitemap(XmlWriter writer, Uri location, DateTimeOffset? lastModified) => WriteEntry(writer, "sitemap", location, lastModified);

    private static void WriteUrl(XmlWriter writer, Uri location, DateTimeOffset? lastModified) => WriteEntry(writer, "url", location, lastModified);

    /// <summary>A <c>sitemap</c> (in an index) or <c>url</c> (in a urlset) entry: its location and, when known, when it last changed.</summary>
    private static void WriteEntry(XmlWriter writer, string element, Uri location, DateTimeOffset? lastModified)
    {
        writer.WriteStartElement(element, SitemapNamespace);
        writer.WriteElementString("loc", SitemapNamespace, location.AbsoluteUri);
        if (lastModified is { } at)
        {
            writer.WriteElementString("lastmod", SitemapNamespace, ArticleJson.FormatInstant(at));
        }

        writer.WriteEndElement();
    }

    /// <summary>Google News wants an ISO 639 code, except zh-cn and zh-tw.</summary>
    private static string NewsLanguage(string tag)
    {
        var lower = tag.ToLowerInvariant();
        return lower is "zh-cn" or "zh-tw" ? lower : lower.Split('-')[0];
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>What a page depends on besides the data: which page, and the base of its links.</summary>
    private sealed record SiteKey(string Name, Uri BaseUri);
}
