using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using SyndicationFunctions.Push;

namespace SyndicationFunctions.Tests.Push;

public sealed class PushErrorsTests
{
    public static TheoryData<string> Outages => ["request failed", "timeout", "retries exhausted"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task HandleAsync_StorageDoesNotAnswer_503WithRetryAfterNot500(string outage)
    {
        Exception failure = outage switch
        {
            "request failed" => new RequestFailedException(503, "Server busy"),
            "timeout" => new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout."),
            _ => new AggregateException("Retry failed after 3 tries.", new TaskCanceledException("timeout"), new TaskCanceledException("timeout"), new HttpRequestException("refused")),
        };

        var result = await PushErrors.HandleAsync(NullLogger.Instance, () => throw failure);

        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.True(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task HandleAsync_AggregateOfABug_NotTakenForAnOutage()
    {
        var bug = new AggregateException(new InvalidOperationException("a bug"));

        await Assert.ThrowsAsync<AggregateException>(() => PushErrors.HandleAsync(NullLogger.Instance, () => throw bug));
    }
}
