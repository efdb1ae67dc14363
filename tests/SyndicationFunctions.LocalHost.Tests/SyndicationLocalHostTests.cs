using System.Net;
using SyndicationFunctions.LocalHost.Tests.Blobs;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests;

[Collection(AzuriteGroup.Name)]
public sealed class SyndicationLocalHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_FunctionsAppAgainstAzurite_HealthAnswersAndUnlistedMethodIs404()
    {
        await using var host = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = "integration-key",
        });
        using var client = host.CreateClient();

        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        using var wrongMethod = await client.DeleteAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
    }
}
