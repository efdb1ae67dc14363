using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Summary;

/// <summary>
/// What the service holds, at a glance: counts per section, the newest articles and every feed URL.
/// Read from the counters row and the newest listing rows, so its cost does not grow with the archive.
/// </summary>
public sealed class SummaryFunction(IArticleStore store, RenderedResponseCache cache, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<SummaryFunction> logger)
{
    public const int LatestCount = 10;

    [Function(nameof(GetSummary))]
    public Task<IActionResult> GetSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Summary)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var settings = options.Value;
            var baseUri = PublicBaseUri.Of(request, settings);
            var summary = await cache.GetOrRenderAsync(new SummaryKey(baseUri), async () =>
            {
                var stats = await store.GetStatsAsync(LatestCount, cancellationToken).ConfigureAwait(false);
                var body = JsonSerializer.SerializeToUtf8Bytes(SummaryDocument.From(stats, new PublicLinks(baseUri, settings.SiteUrl)), ArticleJson.Options);
                return new RenderedResponse(body, "application/json; charset=utf-8",
                    ResourceValidators.ForVersion(stats.Version + "\n" + baseUri.AbsoluteUri, stats.LastModified), stats.NextDue);
            }).ConfigureAwait(false);
            return summary!.Serve(request, summary.MaxAge(settings.CacheMaxAge, time.GetUtcNow()), null);
        });
}

/// <summary>What the summary's bytes depend on besides the data: the base of its links.</summary>
internal sealed record SummaryKey(Uri BaseUri);

/// <summary>The JSON of <c>/api/summary</c>.</summary>
/// <param name="GeneratedAt">When the data it summarises last changed (so the same data gives the same bytes and ETag).</param>
public sealed record SummaryDocument(
    DateTimeOffset GeneratedAt,
    int TotalArticles,
    SummaryDocument.DateRange PublishedRange,
    IReadOnlyList<SummaryDocument.SectionEntry> Sections,
    IReadOnlyList<SummaryDocument.LatestEntry> Latest,
    SummaryDocument.FeedLinks Feeds)
{
    /// <summary>Both dates are written, as null before the first article, so the shape never changes.</summary>
    public sealed record DateRange(
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] DateTimeOffset? First,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] DateTimeOffset? Last);

    public sealed record FeedLinks(Uri Rss, Uri Atom, Uri Json);

    public sealed record SectionEntry(string Slug, string Name, int ArticleCount, DateTimeOffset? LatestPublished, FeedLinks Feeds);

    public sealed record LatestEntry(string Id, string Title, string? Summary, Uri Url, DateTimeOffset Published, ArticleSection Section, int ReadingMinutes);

    public static SummaryDocument From(StoreStats stats, PublicLinks links)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(links);
        return new SummaryDocument(
            stats.LastModified,
            stats.TotalArticles,
            new DateRange(stats.FirstPublished, stats.LastPublished),
            stats.Sections.Select(s => new SectionEntry(s.Slug, s.Name, s.ArticleCount, s.LatestPublished, FeedsOf(links, s.Slug))).ToList(),
            stats.Latest.Select(a => new LatestEntry(a.Id, a.Title, a.Summary, links.ArticleLink(a), a.Published, a.Section, a.ReadingMinutes)).ToList(),
            FeedsOf(links, null));
    }

    private static FeedLinks FeedsOf(PublicLinks links, string? section)
        => new(
            links.Feed(section, RssFeedWriter.FormatName, null, null),
            links.Feed(section, AtomFeedWriter.FormatName, null, null),
            links.Feed(section, JsonFeedWriter.FormatName, null, null));
}
