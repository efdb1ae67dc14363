using System.Net;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Health;

public sealed class HealthEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task GetHealth_StorageAnswers_200()
    {
        using var response = await app.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StorageDown_HealthFeedsAndIngest_503WithRetryAfterNever500()
    {
        // Storage on a port where nothing listens: what the app sees when the account is unreachable.
        var deadPort = AzuriteFixture.FreePort();
        var dead = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                   $"BlobEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;";
        await using var host = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = dead,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        });
        using var client = host.CreateClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent(AppFixture.Seed(AppFixture.SeedName)) };
        post.Headers.Add("x-functions-key", AppFixture.FunctionKey);

        var responses = new[]
        {
            await client.GetAsync("/api/health"),
            await client.GetAsync("/api/feeds/rss"),
            await client.GetAsync("/api/summary"),
            await client.GetAsync("/api/articles/some-id"),
            await client.SendAsync(post),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            Assert.NotNull(r.Headers.RetryAfter);
        });
    }
}
