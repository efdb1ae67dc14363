using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>
/// The Functions host on Flex Consumption runs ASP.NET Core's CORS middleware (its <c>JobHostCorsMiddleware</c>) after
/// the custom headers and before any route, with the app's CORS origins as the default policy. That middleware answers
/// every preflight (an OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>) itself with an empty 204,
/// whatever the path; the <c>Access-Control-Allow-*</c> headers only for an allowed origin, and the Bicep allows none.
/// A plain OPTIONS goes on to the routes (a 404).
/// </summary>
public static class CorsPreflight
{
    public static bool IsPreflight(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsOptions(request.Method)
            && request.Headers.ContainsKey(HeaderNames.Origin)
            && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);
    }

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPreflight(context.Request))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
