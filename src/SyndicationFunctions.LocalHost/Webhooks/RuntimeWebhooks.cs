using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.LocalHost.Http;

namespace SyndicationFunctions.LocalHost.Webhooks;

/// <summary>
/// The Functions host's <c>/runtime/webhooks/{extension}/{*extra}</c> endpoint (its <c>HostController</c>), answered
/// before any function route as the host's own routes are. Only the system key named <c>{extension}_extension</c>
/// opens it: no key or an unknown one is a 401 (with the <c>WWW-Authenticate: Bearer</c> the host's JWT scheme
/// adds to its challenge), any other key the host knows (the function key) a 403, and an extension without a
/// handler a 404. Methods the host's route does not list fall through to the function routes (so a 404).
/// </summary>
public sealed partial class RuntimeWebhooks(
    IEnumerable<IExtensionWebhook> handlers,
    IOptions<LocalFunctionsHostOptions> options,
    ILogger<RuntimeWebhooks> logger)
{
    public const string PathPrefix = "/runtime/webhooks";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Put, HttpMethods.Post, HttpMethods.Delete, HttpMethods.Options];

    private readonly Dictionary<string, IExtensionWebhook> _handlers = handlers.ToDictionary(handler => handler.ExtensionName, StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of the system key that opens an extension's webhook, by the host's convention.</summary>
    public static string SystemKeyName(string extensionName) => $"{extensionName}_extension".ToLowerInvariant();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (ExtensionName(context.Request.Path) is not { } extensionName
            || !Methods.Any(method => string.Equals(method, context.Request.Method, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var presented = FunctionKeys.Presented(context.Request);
        var systemKeys = options.Value.SystemKeys;
        if (!systemKeys.TryGetValue(SystemKeyName(extensionName), out var systemKey) || !FunctionKeys.Matches(presented, systemKey))
        {
            var knownKey = FunctionKeys.Matches(presented, options.Value.FunctionKey) || systemKeys.Values.Any(key => FunctionKeys.Matches(presented, key));
            context.Response.StatusCode = knownKey ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            if (!knownKey)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            }

            return;
        }

        if (!_handlers.TryGetValue(extensionName, out var handler))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The host reads webhook bodies itself, so its own limit applies, not the worker's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = LocalFunctionsHost.HostMaxRequestBodyBytes;
        }

        try
        {
            await handler.HandleAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // Whatever an extension throws, the host's exception middleware answers with an empty 500.
            LogHandlerFailed(exception, extensionName);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static string? ExtensionName(PathString path)
    {
        if (!path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue)
        {
            return null;
        }

        // rest is "/{extension}[/...]"; an empty segment ("//blobs") names no extension, as in the host's route.
        var segment = rest.Value![1..].Split('/', 2)[0];
        return segment.Length == 0 ? null : segment;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {ExtensionName} webhook failed; answering 500 as the Functions host does")]
    private partial void LogHandlerFailed(Exception exception, string extensionName);
}
