using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Http;

namespace SyndicationFunctions.LocalHost.Blobs;

/// <summary>
/// The Functions host's Event Grid endpoint for blob triggers,
/// <c>POST /runtime/webhooks/blobs?functionName=Host.Functions.{Name}</c>, guarded by the <c>blobs_extension</c> key.
/// Lets a developer replay a BlobCreated event against the local host as Azure would deliver it.
/// </summary>
public sealed partial class BlobEventWebhook(
    FunctionCatalog catalog,
    BlobConnections connections,
    BlobFunctionInvoker invoker,
    IOptions<LocalFunctionsHostOptions> options,
    ILogger<BlobEventWebhook> logger)
{
    public const string Path = "/runtime/webhooks/blobs";
    public const string FunctionNamePrefix = "Host.Functions.";

    private const string BlobCreated = "Microsoft.Storage.BlobCreated";
    private const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var key = options.Value.BlobsExtensionKey is { Length: > 0 } systemKey ? systemKey : options.Value.FunctionKey;
        if (!FunctionKeys.IsAuthorized(context.Request, key))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The real host accepts a name without its prefix and does nothing with it.
        var functionName = context.Request.Query["functionName"].ToString();
        if (!functionName.StartsWith(FunctionNamePrefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        var name = functionName[FunctionNamePrefix.Length..];
        var function = catalog.BlobFunctions.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        JsonDocument events;
        try
        {
            events = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using (events)
        {
            var items = events.RootElement.ValueKind == JsonValueKind.Array ? events.RootElement.EnumerateArray().ToList() : [events.RootElement];
            if (items.FirstOrDefault(item => EventType(item) == SubscriptionValidation) is { ValueKind: JsonValueKind.Object } validation)
            {
                var code = validation.TryGetProperty("data", out var data) && data.TryGetProperty("validationCode", out var found) ? found.GetString() : null;
                await context.Response.WriteAsJsonAsync(new { validationResponse = code }, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            var failed = false;
            foreach (var item in items.Where(item => EventType(item) == BlobCreated))
            {
                if (BlobUrl(item) is not { } url)
                {
                    continue;
                }

                var blob = new BlobUriBuilder(url);
                if (!string.Equals(blob.BlobContainerName, function.Path.Container, StringComparison.Ordinal))
                {
                    LogOtherContainer(function.Name, blob.BlobContainerName);
                    continue;
                }

                var container = connections.GetContainer(function);
                var outcome = await invoker.InvokeAsync(function, container, blob.BlobName, context.RequestAborted).ConfigureAwait(false);
                failed |= outcome == BlobInvocationOutcome.Failed;
            }

            // A failure is answered so that Event Grid delivers the event again.
            context.Response.StatusCode = failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status202Accepted;
        }
    }

    private static string? EventType(JsonElement item) =>
        item.ValueKind != JsonValueKind.Object ? null
        : item.TryGetProperty("eventType", out var eventType) ? eventType.GetString()
        : item.TryGetProperty("type", out var cloudEventType) ? cloudEventType.GetString()
        : null;

    private static Uri? BlobUrl(JsonElement item) =>
        item.TryGetProperty("data", out var data)
        && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("url", out var url)
        && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob event for function {FunctionName} names container {Container}, which its trigger does not watch; ignored")]
    private partial void LogOtherContainer(string functionName, string container);
}
