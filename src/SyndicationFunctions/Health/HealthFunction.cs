using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Storage.Layout;

namespace SyndicationFunctions.Health;

/// <summary>
/// 200 when storage answers, else 503: what a load balancer or an operator's probe asks. It also says which storage
/// layout the data is in, the one this release writes, and whether a migration runs; nothing else.
/// </summary>
public sealed class HealthFunction(IArticleStore store, LayoutMigrator layout, ILogger<HealthFunction> logger)
{
    [Function(nameof(GetHealth))]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Health)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            var status = layout.Status;
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                status = "healthy",
                layout = new { version = status.Version, current = status.Current, migrating = status.Migrating },
            });
            var result = new BytesResult(StatusCodes.Status200OK, "application/json; charset=utf-8", body);
            result.Headers["Cache-Control"] = "no-store";
            return result;
        });
}
