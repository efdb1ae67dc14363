using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Http;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Articles;

/// <summary>The article resource over HTTP: thin adapters over <see cref="ArticleIngestor"/> and the store.</summary>
public sealed class ArticleFunctions(
    ArticleIngestor ingestor,
    IArticleStore store,
    IOptions<SyndicationOptions> options,
    ILogger<ArticleFunctions> logger)
{
    [Function(nameof(PostArticle))]
    public Task<IActionResult> PostArticle(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Articles)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var format = FormatDetection.FromContentType(request.ContentType)
                ?? throw new UnsupportedMediaTypeException(request.ContentType);
            var body = await RequestBody.ReadTextAsync(request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Article)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            // An id that could never have been issued is not looked up (and cannot reach a table key).
            var stored = ArticleId.IsValid(id) ? await store.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
            if (stored is null)
            {
                return ProblemResult.NotFound($"No article has the id '{id}'.");
            }

            if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == stored.ETag || t.Trim() == "*")))
            {
                var notModified = new BytesResult(StatusCodes.Status304NotModified, null, null);
                notModified.Headers["ETag"] = stored.ETag;
                return notModified;
            }

            return ArticleResult(stored, StatusCodes.Status200OK);
        });

    private static BytesResult ArticleResult(StoredArticle stored, int status)
    {
        var result = new BytesResult(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(stored.Article, ArticleJson.Options));
        result.Headers["ETag"] = stored.ETag;
        return result;
    }
}
