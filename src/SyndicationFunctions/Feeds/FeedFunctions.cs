using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Feeds;

/// <summary>RSS 2.0, Atom 1.0 and JSON Feed 1.1, for every section or one, with conditional GET.</summary>
public sealed class FeedFunctions(FeedComposer composer, FeedFormats formats, RenderedResponseCache cache, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<FeedFunctions> logger)
{
    [Function(nameof(GetFeed))]
    public Task<IActionResult> GetFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Feed)] HttpRequest request,
        string format,
        CancellationToken cancellationToken)
        => ServeAsync(request, null, format, cancellationToken);

    [Function(nameof(GetSectionFeed))]
    public Task<IActionResult> GetSectionFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.SectionFeed)] HttpRequest request,
        string section,
        string format,
        CancellationToken cancellationToken)
        => ServeAsync(request, section, format, cancellationToken);

    private Task<IActionResult> ServeAsync(HttpRequest request, string? section, string format, CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            if (!formats.TryGet(format, out var writer))
            {
                return ProblemResult.NotFound($"There is no feed format '{format}': use {string.Join(", ", formats.Names)}.");
            }

            if (section is not null && !Slug.IsSlug(section))
            {
                return ProblemResult.NotFound($"There is no section '{section}'.");
            }

            var settings = options.Value;
            var limitAsAsked = ListingQuery.Limit(request, SyndicationOptions.MaxFeedLimit);
            var feedRequest = new FeedRequest(section, writer.Format, limitAsAsked ?? settings.DefaultFeedLimit, limitAsAsked,
                ListingQuery.Cursor(request), PublicBaseUri.Of(request, settings));
            var feed = await cache.GetOrRenderAsync(feedRequest, async () =>
                await composer.ComposeAsync(feedRequest, cancellationToken).ConfigureAwait(false) is { } composed
                    ? new RenderedResponse(writer.Write(composed.Document), writer.ContentType, composed.Validators, composed.NextDue)
                    : null).ConfigureAwait(false);
            if (feed is null)
            {
                return ProblemResult.NotFound($"There is no section '{section}'.");
            }

            if (ConditionalGet.NotModifiedOrNull(request, feed.Validators, feed.MaxAge(settings.CacheMaxAge, time.GetUtcNow())) is { } notModified)
            {
                return notModified;
            }

            return new BytesResult(StatusCodes.Status200OK, feed.ContentType, feed.Body);
        });
}
