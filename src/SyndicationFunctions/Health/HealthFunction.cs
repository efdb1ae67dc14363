using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Health;

/// <summary>200 when storage answers, else 503: what a load balancer or an operator's probe asks.</summary>
public sealed class HealthFunction(IArticleStore store, ILogger<HealthFunction> logger)
{
    [Function(nameof(GetHealth))]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Health)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            var result = new BytesResult(StatusCodes.Status200OK, "application/json; charset=utf-8", """{"status":"healthy"}"""u8.ToArray());
            result.Headers["Cache-Control"] = "no-store";
            return result;
        });
}
