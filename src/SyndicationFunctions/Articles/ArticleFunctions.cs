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
    RenderedResponseCache cache,
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
            var settings = options.Value;
            var stored = found.Stored;
            var now = time.GetUtcNow();
            if (stored is null || !stored.IsPublicAt(now))
            {
                return Missing(ProblemResult.NotFound($"No article has the id '{id}'."), settings, stored is null ? null : PublicFrom(stored));
            }

            // A browser following a feed item's link gets a page; API clients get the JSON resource. Either is
            // rendered and compressed once per version, and its entity tag is the article's, so it changes with every change.
            var asPage = ArticleHtmlPage.IsPreferredBy(request);
            var baseUri = PublicBaseUri.Of(request, settings);
            var rendered = await cache.GetOrRenderAsync(new ArticleView(stored.ETag, asPage, baseUri), () =>
                Task.FromResult<RenderedResponse?>(asPage ? ArticlePage(stored, baseUri, settings) : ArticleJsonResponse(stored))).ConfigureAwait(false);
            return rendered!.Serve(request, settings.ArticleMaxAge, "Accept");
        });

    [Function(nameof(PutArticle))]
    public Task<IActionResult> PutArticle(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.Article)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            // A replacement must say which version it replaces (RFC 6585): a blind PUT would overwrite a correction.
            var ifMatch = IfMatchOf(request);
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
                ? ProblemResult.NotFound($"No article has the id '{id}': create it with POST /{Routes.Articles}.")
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
                ? await store.DeleteAsync(id, IfMatchOf(request), cancellationToken).ConfigureAwait(false)
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

    /// <summary>410 for a withdrawn article: problem+json for API clients, a short page for browsers; cached only briefly.</summary>
    private IActionResult Gone(HttpRequest request, string id, DateTimeOffset at)
    {
        var settings = options.Value;
        if (ArticleHtmlPage.IsPreferredBy(request))
        {
            var page = new BytesResult(StatusCodes.Status410Gone, ArticleHtmlPage.ContentType, ArticleHtmlPage.RenderWithdrawn(id, at));
            page.Headers["Content-Security-Policy"] = ArticleHtmlPage.ContentSecurityPolicy;
            return Missing(page, settings);
        }

        return Missing(ProblemResult.Gone($"The article '{id}' was withdrawn at {ArticleJson.FormatInstant(at)}."), settings);
    }

    /// <summary>When a scheduled article becomes public: the later of its publication and its listing.</summary>
    private static DateTimeOffset PublicFrom(StoredArticle stored)
        => stored.Article.Published > stored.ListedAt ? stored.Article.Published : stored.ListedAt;

    /// <summary>
    /// A 404 or 410 may be kept for <see cref="SyndicationOptions.MissingMaxAge"/> only: an article published or
    /// published again under that id must not stay hidden behind a cached answer. The 404 of a scheduled article
    /// is kept no later than its time (<paramref name="publicFrom"/>), as the feeds are.
    /// </summary>
    private IActionResult Missing(IActionResult result, SyndicationOptions settings, DateTimeOffset? publicFrom = null)
    {
        var headers = result switch
        {
            BytesResult bytes => bytes.Headers,
            ProblemResult problem => problem.Headers,
            _ => throw new ArgumentException("Not a result with headers.", nameof(result)),
        };
        var maxAge = settings.MissingMaxAge;
        if (publicFrom is { } due)
        {
            var untilDue = TimeSpan.FromSeconds(Math.Floor(Math.Max(0, (due - time.GetUtcNow()).TotalSeconds)));
            maxAge = untilDue < maxAge ? untilDue : maxAge;
        }

        headers["Cache-Control"] = new CacheControlHeaderValue { Public = true, MaxAge = maxAge }.ToString();
        headers["Vary"] = "Accept";
        return result;
    }

    private static RenderedResponse ArticlePage(StoredArticle stored, Uri baseUri, SyndicationOptions settings)
        => new(ArticleHtmlPage.Render(stored.Article, new PublicLinks(baseUri, settings.SiteUrl), settings.FeedTitle), ArticleHtmlPage.ContentType,
            new ResourceValidators(new EntityTagHeaderValue(ArticleHtmlPage.EntityTagOf(stored.ETag)), stored.Article.Updated))
        {
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = ArticleHtmlPage.ContentSecurityPolicy },
        };

    private static RenderedResponse ArticleJsonResponse(StoredArticle stored)
        => new(JsonSerializer.SerializeToUtf8Bytes(stored.Article, ArticleJson.Options), "application/json; charset=utf-8",
            new ResourceValidators(new EntityTagHeaderValue(stored.ETag), stored.Article.Updated));

    /// <summary>If-Match with the tags of compressed copies read as the article's own: the bytes differ, the article does not.</summary>
    private static string IfMatchOf(HttpRequest request) => ContentCodings.WithoutTagSuffixes(request.Headers.IfMatch.ToString());

    /// <summary>What an article's representation depends on: its version, page or JSON, and the base of its links.</summary>
    private sealed record ArticleView(string ETag, bool AsPage, Uri BaseUri);

    private static BytesResult ArticleResult(StoredArticle stored, int status)
    {
        var result = new BytesResult(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(stored.Article, ArticleJson.Options));
        result.Headers["ETag"] = stored.ETag;
        return result;
    }
}
