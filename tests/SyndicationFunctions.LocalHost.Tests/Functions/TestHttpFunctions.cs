using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Tests.Functions;

/// <summary>Counts how many function instances the host made, to show one is made per invocation.</summary>
public sealed class InstanceCounter
{
    private int _created;

    public int Created => Volatile.Read(ref _created);

    public void Increment() => Interlocked.Increment(ref _created);
}

/// <summary>Small HTTP functions that exercise what the Functions host does with routes, methods, keys and results.</summary>
public sealed class TestHttpFunctions
{
    public TestHttpFunctions(InstanceCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        counter.Increment();
    }

    // "ItemById" sorts before "ItemLatest", so it takes GET items/latest: a literal does not beat a parameter.
    [Function("ItemById")]
    public IActionResult ItemById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id}")] HttpRequest request, string id)
        => new ContentResult { Content = $"item {id}", StatusCode = 200 };

    // Reached only by POST, the method ItemById does not list.
    [Function("ItemLatest")]
    public IActionResult ItemLatest([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "items/latest")] HttpRequest request)
        => new ContentResult { Content = "latest", StatusCode = 200 };

    [Function("Counter")]
    public IActionResult Counter([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "counters/{number:int}/{tag:guid}")] HttpRequest request, int number, Guid tag)
        => new JsonResult(new { next = number + 1, tag });

    [Function("Document")]
    public IActionResult Document([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "documents/{name}")] HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers["X-Document"] = name;
        return new ContentResult { Content = $"document {name}", ContentType = "text/plain", StatusCode = 200 };
    }

    [Function("Secret")]
    public async Task<IActionResult> Secret([HttpTrigger(AuthorizationLevel.Function, "get", Route = "secret")] HttpRequest request, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return new OkObjectResult(new { secret = "kept" });
    }

    [Function("AdminOnly")]
    public Task AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "admin")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    [Function("Explode")]
    public IActionResult Explode([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "explode")] HttpRequest request)
        => throw new InvalidOperationException("a bug the client did not cause");

    [Function("ExplodeAfterWriting")]
    public async Task ExplodeAfterWriting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "explode/late")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await request.HttpContext.Response.WriteAsync("half an answer");
        throw new InvalidOperationException("failed half way");
    }

    [Function("NotModifiedWithBody")]
    public IActionResult NotModifiedWithBody([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stale/body")] HttpRequest request)
        => new ContentResult { Content = "should not be here", StatusCode = StatusCodes.Status304NotModified };

    [Function("NotModified")]
    public IActionResult NotModified([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stale")] HttpRequest request)
        => new StatusCodeResult(StatusCodes.Status304NotModified);

    // No route: the host serves it at its function name.
    [Function("Unrouted")]
    public IResult Unrouted([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request)
        => Results.Text("reached by name");
}

/// <summary>
/// Names that sort differently with and without case: "thingById" comes first when case is ignored, as the host
/// orders functions, so it takes GET things/latest; an ordinal sort would put "ThingLatest" first.
/// </summary>
public sealed class MixedCaseFunctions
{
    [Function("thingById")]
    public IActionResult ThingById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string id)
        => new ContentResult { Content = $"thing {id}", StatusCode = 200 };

    [Function("ThingLatest")]
    public IActionResult ThingLatest([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/latest")] HttpRequest request)
        => new ContentResult { Content = "latest thing", StatusCode = 200 };
}
