using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Http;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Articles;

/// <summary>Many articles in one request: a thin adapter over <see cref="BatchReader"/> and <see cref="BatchIngestor"/>.</summary>
public sealed class BatchFunctions(BatchIngestor ingestor, IOptions<SyndicationOptions> options, ILogger<BatchFunctions> logger)
{
    /// <summary>
    /// Answers 200 with one result per item whenever the batch was read, even when some (or all) items are
    /// invalid: each item carries its own status, as a single POST would have answered it. Not 207: Multi-Status
    /// is WebDAV's, defined with an XML body, and clients gain nothing from it over a 200 whose body they read.
    /// The whole request is a 503 with Retry-After only when storage failed before anything was stored, so
    /// resending all of it is right; once something is stored, the 200 lists the items to send again.
    /// </summary>
    [Function(nameof(PostArticleBatch))]
    public Task<IActionResult> PostArticleBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ArticlesBatch)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            if (BatchReader.FramingOf(request.ContentType) is not { } framing)
            {
                return new ProblemResult(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                    $"'{request.ContentType ?? "(none)"}' is not accepted: send application/json (an array of articles) or application/x-ndjson (one article per line).");
            }

            var body = await RequestBody.ReadTextAsync(request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            var items = BatchReader.Read(body, framing);
            var report = await ingestor.IngestAsync(items, new ArticleSource(ArticleSource.Http), cancellationToken).ConfigureAwait(false);
            if (report.Retry > 0 && report.Stored == 0)
            {
                return ProblemResult.Unavailable();
            }

            return new BytesResult(StatusCodes.Status200OK, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(report, ArticleJson.Options));
        });
}
