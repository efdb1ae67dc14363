using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>
/// host.json's <c>extensions.http.customHeaders</c>, applied as the Functions host's <c>CustomHttpHeadersMiddleware</c>
/// does: registered before routing, key checks and webhooks, so they reach every answer of the running host (its own
/// empty 401, 403, 404 and 500 as well as the functions'), and added only where the answer does not set the header itself.
/// </summary>
public static class CustomHttpHeaders
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count > 0)
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers.TryAdd(name, value);
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
