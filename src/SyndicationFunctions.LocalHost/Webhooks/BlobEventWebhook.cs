using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.LocalHost.Blobs;

namespace SyndicationFunctions.LocalHost.Webhooks;

/// <summary>
/// The blobs extension's Event Grid webhook, <c>/runtime/webhooks/blobs?functionName=Host.Functions.{Name}</c>,
/// answered as the extension does (its <c>HttpRequestProcessor</c>, Microsoft.Azure.WebJobs.Extensions.Storage.Blobs 5.x):
/// the <c>aeg-event-type</c> header decides, not the body. <c>SubscriptionValidation</c> echoes the code as
/// <c>{"validationResponse":...}</c> in a <c>text/plain</c> answer; <c>Notification</c> queues one blob trigger
/// message per event and answers 202 whatever function it names (a name no function has is dropped later, by the
/// queue); <c>Unsubscribe</c> is a 202; anything else, a GET without the header say, a 400; an OPTIONS is the
/// CloudEvents handshake. A body the extension cannot read makes it throw, which the host answers with an empty 500.
/// </summary>
public sealed partial class BlobEventWebhook(BlobEventProcessor processor, ILogger<BlobEventWebhook> logger) : IExtensionWebhook
{
    public const string Name = "blobs";
    public const string Path = RuntimeWebhooks.PathPrefix + "/" + Name;
    public const string FunctionNamePrefix = "Host.Functions.";
    public const string EventTypeHeader = "aeg-event-type";
    public const string SubscriptionValidation = "SubscriptionValidation";
    public const string Notification = "Notification";
    public const string Unsubscribe = "Unsubscribe";

    private const string AllowedOriginHeader = "Webhook-Allowed-Origin";
    private const string RequestOriginHeader = "WebHook-Request-Origin";
    private const string PublicCloudOrigin = "eventgrid.azure.net";
    private static readonly string[] KnownOrigins = [PublicCloudOrigin, "eventgrid.azure.us", "eventgrid.azure.eaglex.ic.gov", "eventgrid.azure.microsoft.scloud", "eventgrid.azure.cn"];

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public string ExtensionName => Name;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var response = context.Response;
        if (HttpMethods.IsOptions(request.Method))
        {
            // The CloudEvents validation handshake: allow the origin Event Grid names when it is one of its clouds.
            var origin = request.Headers[RequestOriginHeader].FirstOrDefault();
            response.Headers[AllowedOriginHeader] = KnownOrigins.FirstOrDefault(known => known == origin) ?? PublicCloudOrigin;
            return;
        }

        var eventType = request.Headers[EventTypeHeader].FirstOrDefault();
        try
        {
            if (string.Equals(eventType, SubscriptionValidation, StringComparison.OrdinalIgnoreCase))
            {
                // The extension answers with a StringContent: text/plain, its length known.
                var code = await ReadValidationCodeAsync(request, context.RequestAborted).ConfigureAwait(false);
                var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { validationResponse = code }));
                response.ContentType = "text/plain; charset=utf-8";
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
            else if (string.Equals(eventType, Notification, StringComparison.OrdinalIgnoreCase))
            {
                await QueueEventsAsync(request, context.RequestAborted).ConfigureAwait(false);
                response.StatusCode = StatusCodes.Status202Accepted;
            }
            else
            {
                response.StatusCode = string.Equals(eventType, Unsubscribe, StringComparison.OrdinalIgnoreCase)
                    ? StatusCodes.Status202Accepted
                    : StatusCodes.Status400BadRequest;
            }
        }
        catch (UnreadableEventsException exception)
        {
            LogUnreadable(exception, eventType);
            response.Clear();
            response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static async Task<string> ReadValidationCodeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var events = await ParseAsync(request, cancellationToken).ConfigureAwait(false);
        var root = events.RootElement;
        JsonElement data;
        if (root.ValueKind == JsonValueKind.Array)
        {
            var first = root.GetArrayLength() > 0 ? root[0] : throw new UnreadableEventsException("The event array is empty.");
            data = Property(first, "data");
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            // A CloudEvent may carry its data as a JSON string.
            data = Property(root, "data");
            if (data.ValueKind == JsonValueKind.String)
            {
                using var inner = Parse(data.GetString()!);
                return Text(Property(inner.RootElement, "validationCode"));
            }
        }
        else
        {
            throw new UnreadableEventsException($"The body is a JSON {root.ValueKind}, not an object or an array.");
        }

        return Text(Property(data, "validationCode"));
    }

    private async Task QueueEventsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Read as the extension reads it (HttpUtility.ParseQueryString): repeated values joined by commas.
        var functionName = request.Query["functionName"].ToString();
        using var events = await ParseAsync(request, cancellationToken).ConfigureAwait(false);
        var root = events.RootElement;
        IEnumerable<JsonElement> items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray(),
            JsonValueKind.Object => [root],
            _ => throw new UnreadableEventsException($"The body is a JSON {root.ValueKind}, not an object or an array."),
        };

        // One message per event, whatever its type, queued as each is read: a later unreadable event fails the
        // request after the earlier ones are queued, as in the extension.
        foreach (var item in items)
        {
            processor.Enqueue(ToMessage(item, functionName));
        }
    }

    private static BlobTriggerMessage ToMessage(JsonElement item, string? functionName)
    {
        var data = Property(item, "data");
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new UnreadableEventsException("An event has no data object.");
        }

        if (!Uri.TryCreate(Text(Property(data, "url")), UriKind.Absolute, out var url))
        {
            throw new UnreadableEventsException("An event's data.url is not an absolute URL.");
        }

        if (!Enum.TryParse<BlobType>(Text(Property(data, "blobType")).Replace("Blob", string.Empty, StringComparison.Ordinal), out _))
        {
            throw new UnreadableEventsException("An event's data.blobType is not a blob type.");
        }

        var blob = new BlobUriBuilder(url);
        return new BlobTriggerMessage(functionName, blob.BlobContainerName, blob.BlobName);
    }

    private static async Task<JsonDocument> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, Lenient, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new UnreadableEventsException("The body is not JSON.", exception);
        }
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException exception)
        {
            throw new UnreadableEventsException("The event's data is not JSON.", exception);
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new UnreadableEventsException($"An event has no '{name}'.");

    /// <summary>A value as the extension reads it: a string's text, anything else as written.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event Grid webhook ({EventType}): unreadable events; answering 500 as the Functions host does")]
    private partial void LogUnreadable(Exception exception, string? eventType);

    /// <summary>What the extension would throw on; the host turns it into an empty 500.</summary>
    private sealed class UnreadableEventsException(string message, Exception? inner = null) : Exception(message, inner);
}
