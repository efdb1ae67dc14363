using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>
/// Answers HTTP requests the way the Functions host 4.x does: functions tried in name order, first route
/// and method match wins, otherwise an empty 404; keys checked by the host (empty 401); an unhandled
/// exception or a 304 that carries a body becomes an empty 500.
/// </summary>
public sealed partial class HttpFunctionDispatcher
{
    private readonly IReadOnlyList<HttpFunctionRoute> _routes;
    private readonly string? _functionKey;
    private readonly bool _homepageDisabled;
    private readonly ILogger<HttpFunctionDispatcher> _logger;

    public HttpFunctionDispatcher(
        FunctionCatalog catalog,
        IOptions<LocalFunctionsHostOptions> options,
        IInlineConstraintResolver constraintResolver,
        ILogger<HttpFunctionDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        _routes = catalog.HttpFunctions.Select(function => new HttpFunctionRoute(function, options.Value.RoutePrefix, constraintResolver)).ToList();
        _functionKey = options.Value.FunctionKey;
        _homepageDisabled = options.Value.HomepageDisabled;
        _logger = logger;
    }

    public async Task DispatchAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (function, values) = FindFunction(context);
        if (function is null)
        {
            if (context.Request.Path.Value is null or "/")
            {
                await AnswerHomepageAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (function.RequiresKey && !FunctionKeys.IsAuthorized(context.Request, _functionKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The host reads the body only to hand it to the worker, after routing and the key check: a declared length
        // over its limit fails that read (a 500), while a 404 or 401 never reads the body at all.
        if (context.Request.ContentLength > LocalFunctionsHost.HostMaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        context.Request.RouteValues = values!;
        await InvokeAsync(function, context).ConfigureAwait(false);
    }

    /// <summary>
    /// The host's HomepageMiddleware answers <c>/</c> whenever no function ran there, whatever the method: an empty 204
    /// when <c>AzureWebJobsDisableHomepage</c> is true (as the Bicep deploys it), else its placeholder page.
    /// </summary>
    private Task AnswerHomepageAsync(HttpContext context)
    {
        if (_homepageDisabled)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Functions host</title></head>"
                + "<body><p>This Functions app is up and running. No function serves this address.</p></body></html>");
    }

    private (HttpFunction? Function, RouteValueDictionary? Values) FindFunction(HttpContext context)
    {
        foreach (var route in _routes)
        {
            if (route.Match(context) is { } values)
            {
                return (route.Function, values);
            }
        }

        return (null, null);
    }

    private async Task InvokeAsync(HttpFunction function, HttpContext context)
    {
        // The response is held until the function is done, so a failure or a 304 with a body can still become
        // the host's empty 500 instead of a half-written answer.
        var wireBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var failed = false;
        try
        {
            var result = await function.Function.InvokeAsync(context.RequestServices, function.BindArguments(context)).ConfigureAwait(false);
            await ExecuteResultAsync(result, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one left to answer.
            return;
        }
        catch (Exception exception)
        {
            LogFunctionFailed(exception, function.Name);
            failed = true;
        }
        finally
        {
            context.Response.Body = wireBody;
        }

        if (!failed && context.Response.StatusCode == StatusCodes.Status304NotModified && buffer.Length > 0)
        {
            LogBodyOnNotModified(function.Name, buffer.Length);
            failed = true;
        }

        if (failed)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (buffer.Length > 0)
        {
            context.Response.ContentLength ??= buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(wireBody, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task ExecuteResultAsync(object? result, HttpContext context) => result switch
    {
        IActionResult actionResult => actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
        IResult httpResult => httpResult.ExecuteAsync(context),
        _ => Task.CompletedTask,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} threw; answering 500 as the Functions host does")]
    private partial void LogFunctionFailed(Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} wrote {BodyLength} bytes on a 304; the Functions host answers that with a 500")]
    private partial void LogBodyOnNotModified(string functionName, long bodyLength);
}
