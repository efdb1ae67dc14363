using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;
using SyndicationFunctions.Telemetry;
using SyndicationFunctions.Pages;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Feeds;

/// <summary>What a feed response depends on besides the data: the request's shape, and whether it is the page view.</summary>
internal sealed record FeedView(FeedRequest Request, bool AsPage);

/// <summary>RSS 2.0, Atom 1.0 and JSON Feed 1.1, for every section, one section, one tag or one author, with conditional GET.</summary>
public sealed class FeedFunctions(FeedComposer composer, FeedFormats formats, RenderedResponseCache cache, HubLinks hubs, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<FeedFunctions> logger)
{
    /// <summary>The types a feed reader may name; a request must rank text/html above all of them to get the page.</summary>
    private static readonly string[] FeedMediaTypes =
        ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml", "text/xml", "application/json"];

    [Function(nameof(GetFeed))]
    public Task<IActionResult> GetFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Feed)] HttpRequest request,
        string format,
        CancellationToken cancellationToken)
        => ServeAsync(request, FeedScope.Every, format, cancellationToken);

    [Function(nameof(GetSectionFeed))]
    public Task<IActionResult> GetSectionFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.SectionFeed)] HttpRequest request,
        string section,
        string format,
        CancellationToken cancellationToken)
        => ServeAsync(request, FeedScope.OfSection(section), format, cancellationToken);

    /// <summary>The articles with one tag (by its slug), by every rule of the section feeds.</summary>
    [Function(nameof(GetTagFeed))]
    public Task<IActionResult> GetTagFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.TagFeed)] HttpRequest request,
        string tag,
        string format,
        CancellationToken cancellationToken)
        => ServeScopedAsync(request, FeedScopeKind.Tag, tag, format, cancellationToken);

    /// <summary>The articles of one author (by the slug of the name), by every rule of the section feeds.</summary>
    [Function(nameof(GetAuthorFeed))]
    public Task<IActionResult> GetAuthorFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.AuthorFeed)] HttpRequest request,
        string author,
        string format,
        CancellationToken cancellationToken)
        => ServeScopedAsync(request, FeedScopeKind.Author, author, format, cancellationToken);

    private Task<IActionResult> ServeScopedAsync(HttpRequest request, FeedScopeKind kind, string slug, string format, CancellationToken cancellationToken)
    {
        var scope = new FeedScope(kind, slug);
        if (FeedSlug.IsSlug(slug))
        {
            return ServeAsync(request, scope, format, cancellationToken);
        }

        // A name typed as it is spelled (Türkiye, Jane Doe) leads to its feed; anything else names no feed.
        IActionResult answer = FeedSlug.Of(slug) is { Length: > 0 } canonical && formats.TryGet(format, out _)
            ? new RedirectResult(Routes.FeedPath(scope with { Slug = canonical }, format.ToLowerInvariant()) + request.QueryString, permanent: true, preserveMethod: true)
            : ProblemResult.NotFound($"There is no {Noun(kind)} '{slug}'.");
        return Task.FromResult(answer);
    }

    private static string Noun(FeedScopeKind kind) => kind switch
    {
        FeedScopeKind.Tag => "tag",
        FeedScopeKind.Author => "author",
        _ => "section",
    };

    private Task<IActionResult> ServeAsync(HttpRequest request, FeedScope scope, string format, CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            if (!formats.TryGet(format, out var writer))
            {
                return ProblemResult.NotFound($"There is no feed format '{format}': use {string.Join(", ", formats.Names)}.");
            }

            if (scope.Section is { } section && !Slug.IsSlug(section))
            {
                return ProblemResult.NotFound($"There is no section '{section}'.");
            }

            var settings = options.Value;
            var limitAsAsked = ListingQuery.Limit(request, SyndicationOptions.MaxFeedLimit);
            var feedRequest = new FeedRequest(scope, writer.Format, limitAsAsked ?? settings.DefaultFeedLimit, limitAsAsked,
                ListingQuery.Cursor(request), PublicBaseUri.Of(request, settings));

            // A browser opening the feed's URL gets a page about it; every feed reader still gets the feed.
            var asPage = RepresentationChoice.PrefersHtml(request, FeedMediaTypes);
            var feed = await cache.GetOrRenderAsync(new FeedView(feedRequest, asPage), async () =>
            {
                if (await composer.ComposeAsync(feedRequest, cancellationToken).ConfigureAwait(false) is not { } composed)
                {
                    return null;
                }

                if (!asPage)
                {
                    return new RenderedResponse(writer.Write(composed.Document), writer.ContentType, composed.Validators, composed.NextDue);
                }

                var links = new PublicLinks(feedRequest.BaseUri, settings.SiteUrl);
                var name = composed.Document.Title;
                var page = FeedHtmlPage.Render(composed.Document, writer.DisplayName, SitePage.FeedsOf(links, scope, name), links, settings.FeedTitle);
                return new RenderedResponse(page, SitePage.ContentType, composed.Validators.WithSuffix("-html"), composed.NextDue)
                {
                    Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = SitePage.ContentSecurityPolicy },
                };
            }).ConfigureAwait(false);
            if (feed is null)
            {
                return ProblemResult.NotFound($"There is no {Noun(scope.Kind)} '{scope.Slug}'.");
            }

            // WebSub discovery (section 4): the hub and the topic, on every answer of the feed, 304s and HEAD included.
            hubs.AddTo(request.HttpContext.Response, new FeedTopic(scope, writer.Format, feedRequest.BaseUri));
            var served = feed.Serve(request, feed.MaxAge(settings.CacheMaxAge, time.GetUtcNow()), "Accept");
            FeedMetrics.Count(served, format);
            return served;
        });
}
