using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>The WebSub hub: an anonymous form POST to subscribe or unsubscribe, then queue-triggered verification and delivery.</summary>
public sealed class WebSubFunctions(WebSubHub hub, IntentVerifier verifier, ContentDistributor distributor, PushStorage storage, ILogger<WebSubFunctions> logger)
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    [Function(nameof(WebSubSubscribe))]
    public Task<IActionResult> WebSubSubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Hub)] HttpRequest request,
        CancellationToken cancellationToken)
        => PushErrors.HandleAsync(logger, async () =>
        {
            if (request.ContentType is null || !request.ContentType.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedMediaTypeException(request.ContentType);
            }

            var form = await RequestBody.ReadTextAsync(request, PushLimits.MaxHubRequestBytes, cancellationToken).ConfigureAwait(false);
            HubAnswer answer = null!;
            await storage.RunAsync(async () => answer = await hub.HandleAsync(form, ClientAddress(request), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (answer.Status == StatusCodes.Status202Accepted)
            {
                return new StatusCodeResult(StatusCodes.Status202Accepted);
            }

            var problem = new ProblemResult(answer.Status, answer.Title!, answer.Detail!);
            if (answer.Status == StatusCodes.Status429TooManyRequests)
            {
                problem.Headers["Retry-After"] = "60";
            }

            return problem;
        });

    [Function(nameof(WebSubVerifyIntent))]
    public Task WebSubVerifyIntent(
        [QueueTrigger(PushNames.VerificationsQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => storage.RunMessageAsync(PushNames.VerificationsQueue, dequeueCount, () => verifier.VerifyAsync(PushQueues.Read<IntentVerification>(message), cancellationToken));

    [Function(nameof(WebSubDeliver))]
    public Task WebSubDeliver(
        [QueueTrigger(PushNames.DeliveriesQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => storage.RunMessageAsync(PushNames.DeliveriesQueue, dequeueCount, () => distributor.DeliverAsync(PushQueues.Read<SubscriberDelivery>(message), cancellationToken));

    /// <summary>The caller's address: the last hop the platform's front end added, else the connection's peer.</summary>
    private static string? ClientAddress(HttpRequest request)
        => request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? request.HttpContext.Connection.RemoteIpAddress?.ToString();
}
