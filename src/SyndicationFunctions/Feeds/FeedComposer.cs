using System.Globalization;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// Reads one page of a listing (a single storage query) and turns it into a <see cref="FeedDocument"/>
/// with its validators, without rendering it: a 304 costs the query and nothing more.
/// </summary>
public sealed class FeedComposer(IArticleStore store, IOptions<SyndicationOptions> options, HubLinks hubs)
{
    /// <param name="NextDue">When the next scheduled article of this feed becomes public, if before a reader's copy would expire.</param>
    public sealed record ComposedFeed(FeedDocument Document, ResourceValidators Validators, DateTimeOffset? NextDue);

    /// <summary>The page, or null when the section has never held an article.</summary>
    public async Task<ComposedFeed?> ComposeAsync(FeedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var page = await store.ReadFeedAsync(request.Section, request.Limit, request.Cursor, settings.CacheMaxAge, cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            return null;
        }

        var links = new PublicLinks(request.BaseUri, settings.SiteUrl);
        var title = page.Section is null ? settings.FeedTitle : $"{settings.FeedTitle}: {page.Section.Name}";
        var document = new FeedDocument(
            FeedIds.ForFeed(request.Section),
            title,
            page.Section is null ? $"The latest articles from {settings.FeedTitle}." : $"The latest {page.Section.Name} articles from {settings.FeedTitle}.",
            links.Feed(request.Section, request.Format, request.LimitAsAsked, request.Cursor),
            links.Home,
            page.NextCursor is null ? null : links.Feed(request.Section, request.Format, request.LimitAsAsked, page.NextCursor),
            settings.FeedLanguage,
            page.LastModified,
            page.Items.Select(item => new FeedEntry(item.Article, links.ArticleLink(item.Article), item.ListedAt)).ToList())
        {
            Withdrawn = page.Withdrawn.Select(w => new FeedTombstone(FeedIds.ForArticle(w.Id), w.At)).ToList(),
            Hubs = hubs.HubsFor(request.BaseUri),
        };

        // Everything the bytes depend on: the page's version and how the request shaped the page.
        var version = string.Join('\n', request.Format, request.Limit.ToString(CultureInfo.InvariantCulture),
            request.Cursor ?? "", request.BaseUri.AbsoluteUri, page.Version, title, settings.FeedLanguage);
        return new ComposedFeed(document, ResourceValidators.ForVersion(version, page.LastModified), page.NextDue);
    }
}

/// <param name="Section">The section slug, or null for every section.</param>
/// <param name="LimitAsAsked">The limit as the reader gave it (kept in paging links), or null.</param>
public sealed record FeedRequest(string? Section, string Format, int Limit, int? LimitAsAsked, string? Cursor, Uri BaseUri);

/// <summary>The absolute URLs the app hands out, from the public base URL.</summary>
/// <param name="siteUrl">The publisher's own site, when feeds' home links should lead there rather than to the front page.</param>
public sealed class PublicLinks(Uri baseUri, string? siteUrl = null)
{
    /// <summary>The page every feed's home link leads to: the publisher's site if configured, else this app's front page.</summary>
    public Uri Home { get; } = siteUrl is { Length: > 0 } ? new Uri(siteUrl) : new Uri(baseUri, "/");

    /// <summary>The front page, at the site's root.</summary>
    public Uri FrontPage { get; } = new(baseUri, "/");

    public Uri SectionPage(string slug) => new(baseUri, Routes.SectionPagePath(slug));

    /// <summary>The article as this app serves it (a page for browsers), whatever its canonical URL.</summary>
    public Uri ArticlePage(string id) => new(baseUri, Routes.ArticlePath(id));

    public Uri Opml { get; } = new(baseUri, "/" + Routes.Opml);

    public Uri Sitemap { get; } = new(baseUri, "/" + Routes.Sitemap);

    public Uri NewsSitemap { get; } = new(baseUri, "/" + Routes.NewsSitemap);

    public Uri SitemapMonth(string month) => new(baseUri, Routes.SitemapMonthPath(month));

    public Uri Feed(string? section, string format, int? limit, string? cursor)
    {
        var path = Routes.FeedPath(section, format);
        var query = new List<string>();
        if (limit is not null)
        {
            query.Add("limit=" + limit.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return new Uri(baseUri, query.Count == 0 ? path : path + "?" + string.Join('&', query));
    }

    /// <summary>The publisher's canonical URL, else the article as this app serves it.</summary>
    public Uri ArticleLink(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Url is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var canonical)
            ? canonical
            : new Uri(baseUri, Routes.ArticlePath(article.Id));
    }
}
