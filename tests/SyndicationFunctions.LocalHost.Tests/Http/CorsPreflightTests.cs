using System.Net;

namespace SyndicationFunctions.LocalHost.Tests.Http;

public sealed class CorsPreflightTests(TestHttpHost host) : IClassFixture<TestHttpHost>
{
    [Theory]
    [InlineData("/api/documents/a")]
    [InlineData("/api/secret")]
    [InlineData("/api/nowhere")]
    [InlineData("/runtime/webhooks/blobs")]
    public async Task InvokeAsync_Preflight_EmptyNoContentWithoutAllowingTheOrigin(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://reader.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task InvokeAsync_OptionsWithoutOriginOrRequestMethod_RoutedSoEmptyNotFound(bool origin, bool requestMethod)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/documents/a");
        if (origin)
        {
            request.Headers.Add("Origin", "https://reader.example");
        }

        if (requestMethod)
        {
            request.Headers.Add("Access-Control-Request-Method", "GET");
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
