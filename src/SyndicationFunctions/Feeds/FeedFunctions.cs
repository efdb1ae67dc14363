using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Feeds;

/// <summary>RSS 2.0, Atom 1.0 and JSON Feed 1.1, for every section or one, with conditional GET.</summary>
public sealed class FeedFunctions(FeedComposer composer, FeedFormats formats, IOptions<SyndicationOptions> options, ILogger<FeedFunctions> logger)
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
                ListingQuery.Cursor(request), PublicBaseUri.Of(request, settings.PublicBaseUrl));
            var feed = await composer.ComposeAsync(feedRequest, cancellationToken).ConfigureAwait(false);
            if (feed is null)
            {
                return ProblemResult.NotFound($"There is no section '{section}'.");
            }

            if (ConditionalGet.NotModifiedOrNull(request, feed.Validators, settings.CacheMaxAge) is { } notModified)
            {
                return notModified;
            }

            return new BytesResult(StatusCodes.Status200OK, writer.ContentType, writer.Write(feed.Document));
        });
}

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters of listings and feeds.</summary>
public static class ListingQuery
{
    /// <summary>The limit asked for (capped at <paramref name="max"/>), or null when none was given.</summary>
    public static int? Limit(HttpRequest request, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query["limit"];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return null;
        }

        if (raw.Count > 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw ArticleValidationException.ForField("limit", $"limit must be a whole number from 1 to {max}.");
        }

        return Math.Min(limit, max);
    }

    public static string? Cursor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query["cursor"];
        return raw.Count == 0 || string.IsNullOrEmpty(raw[0]) ? null : raw[0];
    }
}

/// <summary>The base of every absolute URL the app writes: configured, else the request's own scheme and host.</summary>
public static class PublicBaseUri
{
    public static Uri Of(HttpRequest request, string? configured)
    {
        ArgumentNullException.ThrowIfNull(request);
        return configured is { Length: > 0 }
            ? new Uri(configured.TrimEnd('/') + "/")
            : new Uri($"{request.Scheme}://{request.Host.Value}/");
    }
}
