using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SyndicationFunctions.Http;

/// <summary>
/// A response whose bytes the app produced itself (a feed, an article's JSON), so what is sent does
/// not depend on the host's serializer settings. With no body for HEAD and for 304.
/// </summary>
public sealed class BytesResult(int status, string? contentType, byte[]? body) : IActionResult
{
    public int StatusCode => status;

    /// <summary>Bytes of the body (0 for none).</summary>
    public int Length => body?.Length ?? 0;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        ResponseHeaders.ApplyTo(response.Headers);
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (status == StatusCodes.Status304NotModified || body is null)
        {
            return;
        }

        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
