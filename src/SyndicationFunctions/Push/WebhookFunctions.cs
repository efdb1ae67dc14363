using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Changes;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>Partner webhooks (function key): register, list and remove endpoints; a queue-triggered pump delivers to each.</summary>
public sealed class WebhookFunctions(
    WebhookEndpoints endpoints,
    WebhookPumper pumper,
    PushStorage storage,
    IArticleStore store,
    PushQueues queues,
    IOptions<PushOptions> push,
    TimeProvider time,
    ILogger<WebhookFunctions> logger)
{
    private const int MaxRegistrationBytes = 16 * 1024;

    private static readonly string[] KnownKinds = [ChangeKinds.Published, ChangeKinds.Updated, ChangeKinds.Withdrawn];

    [Function(nameof(WebhooksRegister))]
    public Task<IActionResult> WebhooksRegister(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Webhooks)] HttpRequest request,
        CancellationToken cancellationToken)
        => PushErrors.HandleAsync(logger, async () =>
        {
            if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedMediaTypeException(request.ContentType);
            }

            var text = await RequestBody.ReadTextAsync(request, MaxRegistrationBytes, cancellationToken).ConfigureAwait(false);
            Registration? registration;
            try
            {
                registration = JsonSerializer.Deserialize<Registration>(text, ArticleJson.Options);
            }
            catch (JsonException ex)
            {
                return ProblemResult.BadRequest($"The body is not the JSON of a webhook registration: {ex.Message}");
            }

            if (registration is null || CallbackUrl.Problem(registration.Url, "url", push.Value.AllowPrivateNetworkCallbacks) is { } urlProblem)
            {
                return ProblemResult.BadRequest(registration is null ? "The body is empty: send { \"url\": ... }." : CallbackUrl.Problem(registration.Url, "url", push.Value.AllowPrivateNetworkCallbacks)!);
            }

            var sections = registration.Sections ?? [];
            var kinds = registration.Kinds ?? [];
            if (sections.Any(section => !Slug.IsSlug(section)) || sections.Count > 100)
            {
                return ProblemResult.BadRequest("sections must be section slugs (at most 100).");
            }

            if (kinds.Any(kind => !KnownKinds.Contains(kind)))
            {
                return ProblemResult.BadRequest($"kinds may name {string.Join(", ", KnownKinds)}.");
            }

            IReadOnlyList<WebhookEndpoint> existing = [];
            await storage.RunAsync(async () => existing = await endpoints.ListAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (existing.Count >= PushLimits.MaxWebhookEndpoints)
            {
                return new ProblemResult(StatusCodes.Status403Forbidden, "Too many endpoints.", $"At most {PushLimits.MaxWebhookEndpoints} endpoints; remove one first.");
            }

            long cursor;
            if (registration.Cursor is { } given)
            {
                cursor = ChangeCursor.Decode(given) ?? throw ArticleValidationException.ForQuery("cursor", "The cursor is not one /api/changes issued.");
            }
            else
            {
                cursor = await NewestSequenceAsync(cancellationToken).ConfigureAwait(false);
            }

            var endpoint = await endpoints.AddAsync(registration.Url!, sections, kinds, cursor, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await queues.SendAsync(PushNames.WebhookPumpQueue, new WebhookPump(endpoint.Id), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var result = new JsonResult(View(endpoint, withSecret: true), ArticleJson.Options) { StatusCode = StatusCodes.Status201Created };
            request.HttpContext.Response.Headers.Location = $"/{Routes.Webhooks}/{endpoint.Id}";
            return result;
        });

    [Function(nameof(WebhooksList))]
    public Task<IActionResult> WebhooksList(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Webhooks)] HttpRequest request,
        CancellationToken cancellationToken)
        => PushErrors.HandleAsync(logger, async () =>
        {
            var all = await endpoints.ListAsync(cancellationToken).ConfigureAwait(false);
            return new JsonResult(new { endpoints = all.Select(endpoint => View(endpoint, withSecret: false)) }, ArticleJson.Options);
        });

    [Function(nameof(WebhooksRemove))]
    public Task<IActionResult> WebhooksRemove(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.Webhook)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => PushErrors.HandleAsync(logger, async () =>
            id.Length <= 64 && await endpoints.RemoveAsync(id, cancellationToken).ConfigureAwait(false)
                ? new StatusCodeResult(StatusCodes.Status204NoContent)
                : ProblemResult.NotFound($"There is no webhook endpoint '{id}'."));

    [Function(nameof(WebhooksPump))]
    public Task WebhooksPump(
        [QueueTrigger(PushNames.WebhookPumpQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => storage.RunMessageAsync(PushNames.WebhookPumpQueue, dequeueCount, () => pumper.PumpAsync(PushQueues.Read<WebhookPump>(message), cancellationToken));

    /// <summary>The newest public change now, so a new endpoint receives what happens from here on (one walk, at registration).</summary>
    private async Task<long> NewestSequenceAsync(CancellationToken cancellationToken)
    {
        long? after = null;
        while (true)
        {
            var page = await store.ReadChangesAsync(after, SyndicationOptions.MaxFeedLimit, cancellationToken).ConfigureAwait(false);
            if (page.Changes.Count < SyndicationOptions.MaxFeedLimit)
            {
                return page.Next;
            }

            after = page.Next;
        }
    }

    private static object View(WebhookEndpoint endpoint, bool withSecret) => new
    {
        id = endpoint.Id,
        url = endpoint.Url,
        sections = endpoint.Sections,
        kinds = endpoint.Kinds,
        status = endpoint.Status,
        secret = withSecret ? endpoint.Secret : null,
        next = ChangeCursor.Encode(endpoint.Cursor),
        createdAt = endpoint.CreatedAt,
        failingSince = endpoint.FailingSince,
        lastError = endpoint.LastError,
    };

    private sealed record Registration(string? Url, List<string>? Sections, List<string>? Kinds, string? Cursor);
}
