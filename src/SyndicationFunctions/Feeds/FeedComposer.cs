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
        var page = await store.ReadFeedAsync(request.Scope, request.Limit, request.Cursor, settings.CacheMaxAge, cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            return null;
        }

        var links = new PublicLinks(request.BaseUri, settings.SiteUrl);
        var title = FeedTitle(settings.FeedTitle, request.Scope, page.Name);
        var document = new FeedDocument(
            FeedIds.ForFeed(request.Scope),
            title,
            Description(settings.FeedTitle, request.Scope, page.Name),
            links.Feed(request.Scope, request.Format, request.LimitAsAsked, request.Cursor),
            links.Home,
            page.NextCursor is null ? null : links.Feed(request.Scope, request.Format, request.LimitAsAsked, page.NextCursor),
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

    /// <summary>What a feed is called: the site's title, then the section, tag or author it follows.</summary>
    public static string FeedTitle(string siteTitle, FeedScope scope, string? name)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            FeedScopeKind.Every => siteTitle,
            FeedScopeKind.Tag => $"{siteTitle}: tagged {name}",
            FeedScopeKind.Author => $"{siteTitle}: by {name}",
            _ => $"{siteTitle}: {name}",
        };
    }

    private static string Description(string siteTitle, FeedScope scope, string? name) => scope.Kind switch
    {
        FeedScopeKind.Every => $"The latest articles from {siteTitle}.",
        FeedScopeKind.Tag => $"The latest articles tagged {name} from {siteTitle}.",
        FeedScopeKind.Author => $"The latest articles by {name} from {siteTitle}.",
        _ => $"The latest {name} articles from {siteTitle}.",
    };
}

/// <param name="Scope">Every article, or one section, tag or author.</param>
/// <param name="LimitAsAsked">The limit as the reader gave it (kept in paging links), or null.</param>
public sealed record FeedRequest(FeedScope Scope, string Format, int Limit, int? LimitAsAsked, string? Cursor, Uri BaseUri);

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
        => Feed(FeedScope.OfSectionOrEvery(section), format, limit, cursor);

    public Uri Feed(FeedScope scope, string format, int? limit, string? cursor)
    {
        var path = Routes.FeedPath(scope, format);
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
