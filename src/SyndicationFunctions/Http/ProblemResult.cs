using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Http;

/// <summary>An RFC 9457 problem document (<c>application/problem+json</c>).</summary>
public sealed class ProblemResult(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : IActionResult
{
    public const string ContentType = "application/problem+json";

    public int Status { get; } = status;

    /// <summary>Extra response headers, such as <c>Retry-After</c>.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        ResponseHeaders.ApplyTo(response.Headers);
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new Problem("about:blank", title, Status, detail, errors is { Count: > 0 } ? errors : null),
            ArticleJson.Options);
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.HttpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors);

    public static ProblemResult BadRequest(string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        => new(StatusCodes.Status400BadRequest, errors is { Count: > 0 } ? "The article is not valid." : "The request is not valid.", detail, errors);

    /// <summary>A 400 with the title the caller chose (a bad query parameter is not an invalid article).</summary>
    public static ProblemResult BadRequest(string title, string detail, IReadOnlyDictionary<string, string[]>? errors)
        => new(StatusCodes.Status400BadRequest, title, detail, errors);

    public static ProblemResult Gone(string detail) => new(StatusCodes.Status410Gone, "Withdrawn.", detail);

    public static ProblemResult PreconditionRequired()
        => new(StatusCodes.Status428PreconditionRequired, "If-Match is required.",
            "Send the ETag of the version you are replacing as If-Match (or If-Match: * to replace whatever is stored).");

    public static ProblemResult NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ProblemResult TooLarge(int limit)
        => new(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"Bodies are limited to {limit} bytes.");

    public static ProblemResult UnsupportedMediaType(string? contentType)
        => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
            $"'{contentType ?? "(none)"}' is not accepted: send application/json, text/plain (the scraped-article layout), text/markdown or text/html.");

    public static ProblemResult Unavailable()
    {
        var result = new ProblemResult(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.", "Storage did not answer; try again shortly.");
        result.Headers["Retry-After"] = "5";
        return result;
    }
}
