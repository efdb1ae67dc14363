using System.Net;
using SyndicationFunctions.LocalHost.Tests.Http;

namespace SyndicationFunctions.LocalHost.Tests.Webhooks;

/// <summary>The webhook endpoint of a host that has no <c>blobs_extension</c> key configured (TestHttpHost sets none).</summary>
public sealed class RuntimeWebhooksTests(TestHttpHost host) : IClassFixture<TestHttpHost>
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("some-key", HttpStatusCode.Unauthorized)]
    [InlineData(TestHttpHost.Key, HttpStatusCode.Forbidden)]
    public async Task InvokeAsync_NoSystemKeyConfigured_NoKeyOpensTheWebhook(string? key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/runtime/webhooks/blobs?functionName=Host.Functions.Any");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/runtime/webhooks")]
    [InlineData("/runtime/webhooks/")]
    [InlineData("/runtime/webhooks//blobs")]
    public async Task InvokeAsync_NoExtensionNamed_EmptyNotFound(string path)
    {
        using var response = await host.Client.PostAsync(new Uri(path, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
