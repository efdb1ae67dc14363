using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Articles;

/// <summary>The article resource over HTTP: thin adapters over <see cref="ArticleIngestor"/> and the store.</summary>
public sealed class ArticleFunctions(
    ArticleIngestor ingestor,
    ArticleParser parser,
    IArticleStore store,
    IOptions<SyndicationOptions> options,
    TimeProvider time,
    ILogger<ArticleFunctions> logger)
{
    [Function(nameof(PostArticle))]
    public Task<IActionResult> PostArticle(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Articles)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var (format, body) = await ReadArticleBodyAsync(request, cancellationToken).ConfigureAwait(false);
            var outcome = await ingestor.IngestAsync(body, format, new ArticleSource(ArticleSource.Http), cancellationToken).ConfigureAwait(false);
            var result = ArticleResult(outcome.Stored, outcome.Status == SaveStatus.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            if (outcome.Status == SaveStatus.Created)
            {
                result.Headers["Location"] = Routes.ArticlePath(outcome.Stored.Article.Id);
            }

            return result;
        });

    [Function(nameof(GetArticle))]
    public Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Article)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            // An id that could never have been issued is not looked up (and cannot reach a table key).
            var found = ArticleId.IsValid(id) ? await store.FindAsync(id, cancellationToken).ConfigureAwait(false) : ArticleLookup.None;
            if (found.WithdrawnAt is { } withdrawnAt)
            {
                return Gone(request, id, withdrawnAt);
            }

            // A scheduled article does not exist for the public until its time.
            var stored = found.Stored;
            if (stored is null || !stored.IsPublicAt(time.GetUtcNow()))
            {
                return ProblemResult.NotFound($"No article has the id '{id}'.");
            }

            // A browser following a feed item's link gets a page; API clients get the JSON resource.
            var asPage = ArticleHtmlPage.IsPreferredBy(request);
            var validators = new ResourceValidators(
                new EntityTagHeaderValue(asPage ? ArticleHtmlPage.EntityTagOf(stored.ETag) : stored.ETag), stored.Article.Updated);
            BytesResult result;
            if (ConditionalGet.IsNotModified(request, validators))
            {
                result = new BytesResult(StatusCodes.Status304NotModified, null, null);
            }
            else if (asPage)
            {
                var settings = options.Value;
                var links = new PublicLinks(PublicBaseUri.Of(request, settings), settings.SiteUrl);
                result = new BytesResult(StatusCodes.Status200OK, ArticleHtmlPage.ContentType, ArticleHtmlPage.Render(stored.Article, links, settings.FeedTitle));
                result.Headers["Content-Security-Policy"] = ArticleHtmlPage.ContentSecurityPolicy;
            }
            else
            {
                result = ArticleResult(stored, StatusCodes.Status200OK);
            }

            result.Headers["ETag"] = validators.ETag.ToString();
            result.Headers["Last-Modified"] = HeaderUtilities.FormatDate(validators.LastModified);
            result.Headers["Vary"] = "Accept";
            return result;
        });

    [Function(nameof(PutArticle))]
    public Task<IActionResult> PutArticle(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.Article)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            // A replacement must say which version it replaces (RFC 6585): a blind PUT would overwrite a correction.
            var ifMatch = request.Headers.IfMatch.ToString();
            if (string.IsNullOrWhiteSpace(ifMatch))
            {
                return ProblemResult.PreconditionRequired();
            }

            if (!ArticleId.IsValid(id))
            {
                return ProblemResult.NotFound($"No article has the id '{id}'.");
            }

            var (format, body) = await ReadArticleBodyAsync(request, cancellationToken).ConfigureAwait(false);
            var article = parser.ParseReplacement(id, body, format, new ArticleSource(ArticleSource.Http));
            var outcome = await store.ReplaceAsync(article, ifMatch, cancellationToken).ConfigureAwait(false);
            return outcome is null
                ? ProblemResult.NotFound($"No article has the id '{id}': create it with POST /{Routes.Prefix}/{Routes.Articles}.")
                : ArticleResult(outcome.Stored, StatusCodes.Status200OK);
        });

    [Function(nameof(DeleteArticle))]
    public Task<IActionResult> DeleteArticle(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.Article)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var outcome = ArticleId.IsValid(id)
                ? await store.DeleteAsync(id, request.Headers.IfMatch.ToString(), cancellationToken).ConfigureAwait(false)
                : DeleteOutcome.NotFound;
            return outcome switch
            {
                DeleteOutcome.Withdrawn => new BytesResult(StatusCodes.Status204NoContent, null, null),
                DeleteOutcome.AlreadyWithdrawn => ProblemResult.Gone($"The article '{id}' is already withdrawn."),
                _ => ProblemResult.NotFound($"No article has the id '{id}'."),
            };
        });

    /// <summary>The publisher's scheduled (embargoed) articles, latest publication date first; a key is needed to see them.</summary>
    [Function(nameof(GetScheduledArticles))]
    public Task<IActionResult> GetScheduledArticles(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = Routes.Scheduled)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var limit = ListingQuery.Limit(request, SyndicationOptions.MaxFeedLimit) ?? options.Value.DefaultFeedLimit;
            var page = await store.ListScheduledAsync(limit, ListingQuery.Cursor(request), cancellationToken).ConfigureAwait(false);
            var result = new BytesResult(StatusCodes.Status200OK, "application/json; charset=utf-8",
                JsonSerializer.SerializeToUtf8Bytes(new ArticleList(page.Items, page.NextCursor), ArticleJson.Options));
            result.Headers["Cache-Control"] = "private, no-store";
            return result;
        });

    /// <summary>Newest first, a page at a time: <c>{ "items": [...], "next": cursor or null }</c>.</summary>
    [Function(nameof(GetArticles))]
    public Task<IActionResult> GetArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Articles)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var section = request.Query["section"].ToString();
            if (section.Length > 0 && !Slug.IsSlug(section))
            {
                throw ArticleValidationException.ForQuery("section", "section must be a section slug, such as 'world'.");
            }

            var limit = ListingQuery.Limit(request, SyndicationOptions.MaxFeedLimit) ?? options.Value.DefaultFeedLimit;
            var page = await store.ListAsync(section.Length > 0 ? section : null, limit, ListingQuery.Cursor(request), cancellationToken).ConfigureAwait(false);
            var body = JsonSerializer.SerializeToUtf8Bytes(new ArticleList(page.Items, page.NextCursor), ArticleJson.Options);
            return new BytesResult(StatusCodes.Status200OK, "application/json; charset=utf-8", body);
        });

    /// <summary>The JSON of the article listing; <c>next</c> is written even when null, so clients can loop on it.</summary>
    private sealed record ArticleList(
        IReadOnlyList<Article> Items,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Next);

    /// <summary>The body's format (415 when unsupported, before reading a byte) and its text (413 past the limit).</summary>
    private async Task<(ArticleFormat Format, string Body)> ReadArticleBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var format = FormatDetection.FromContentType(request.ContentType)
            ?? throw new UnsupportedMediaTypeException(request.ContentType);
        return (format, await RequestBody.ReadTextAsync(request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>410 for a withdrawn article: problem+json for API clients, a short page for browsers.</summary>
    private static IActionResult Gone(HttpRequest request, string id, DateTimeOffset at)
    {
        if (ArticleHtmlPage.IsPreferredBy(request))
        {
            var page = new BytesResult(StatusCodes.Status410Gone, ArticleHtmlPage.ContentType, ArticleHtmlPage.RenderWithdrawn(id, at));
            page.Headers["Content-Security-Policy"] = ArticleHtmlPage.ContentSecurityPolicy;
            page.Headers["Vary"] = "Accept";
            return page;
        }

        var problem = ProblemResult.Gone($"The article '{id}' was withdrawn at {ArticleJson.FormatInstant(at)}.");
        problem.Headers["Vary"] = "Accept";
        return problem;
    }

    private static BytesResult ArticleResult(StoredArticle stored, int status)
    {
        var result = new BytesResult(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(stored.Article, ArticleJson.Options));
        result.Headers["ETag"] = stored.ETag;
        return result;
    }
}
