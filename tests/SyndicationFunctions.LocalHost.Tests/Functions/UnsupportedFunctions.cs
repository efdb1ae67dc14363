using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Tests.Functions;

/// <summary>A function the local host cannot serve: it asks for a FunctionContext.</summary>
public sealed class FunctionContextFunction
{
    [Function("WantsContext")]
    public IActionResult WantsContext([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context)
        => new OkResult();
}

/// <summary>A function whose parameter names no route value.</summary>
public sealed class UnknownRouteValueFunction
{
    [Function("WantsMissingRouteValue")]
    public IActionResult WantsMissingRouteValue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string slug)
        => new OkObjectResult(slug);
}

/// <summary>A function whose result the worker could not turn into a response.</summary>
public sealed class UnsupportedResultFunction
{
    [Function("ReturnsText")]
    public string ReturnsText([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "text";
}
