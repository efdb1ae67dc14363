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

    [Fact]
    public async Task StorageComesBack_SameHostAnswers200WithoutARestart()
    {
        var (blob, queue, table) = (AzuriteFixture.FreePort(), AzuriteFixture.FreePort(), AzuriteFixture.FreePort());
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                         $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        await using var host = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = connection,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        });
        using var client = host.CreateClient();
        using var down = await client.GetAsync("/api/health");

        // Storage starts after the app (as after an outage); its tables do not exist yet.
        await using var azurite = await AzuriteProcess.StartAsync((blob, queue, table));
        using var up = await client.GetAsync("/api/health");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent(AppFixture.Seed(AppFixture.SeedName)) };
        post.Headers.Add("x-functions-key", AppFixture.FunctionKey);
        using var ingest = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);
        Assert.Contains(AppFixture.SeedTitle, await client.GetStringAsync("/api/feeds/rss"), StringComparison.Ordinal);
    }
}
