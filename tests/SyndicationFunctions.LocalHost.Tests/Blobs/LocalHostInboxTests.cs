using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests.Blobs;

[Collection(AzuriteGroup.Name)]
public sealed class LocalHostInboxTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_BlobDroppedIntoInbox_FunctionRunsWithoutAnyEvent()
    {
        var recorder = new InboxRecorder();
        await using var host = await LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]),
            TestFunctionsFolder.Path,
            new Dictionary<string, string?>
            {
                [TestBlobFunctions.Connection] = azurite.ConnectionString,
                [LocalFunctionsHost.InboxScanSecondsSetting] = "0.1",
            },
            builder => builder.Services.AddSingleton(recorder));
        var name = $"scanned-{Guid.NewGuid():N}.txt";

        var container = azurite.Service.GetBlobContainerClient(TestBlobFunctions.InboxContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("picked up by the scan"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!recorder.Calls.Any(call => call.Name == name))
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal("picked up by the scan", recorder.Calls.Single(call => call.Name == name).Content);
    }
}
