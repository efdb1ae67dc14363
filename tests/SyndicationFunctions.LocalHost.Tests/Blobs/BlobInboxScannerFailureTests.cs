using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using SyndicationFunctions.LocalHost.Blobs;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;

namespace SyndicationFunctions.LocalHost.Tests.Blobs;

/// <summary>Storage that is down on cue, which a running Azurite cannot be.</summary>
public sealed class BlobInboxScannerFailureTests
{
    [Fact]
    public async Task ScanOnceAsync_ListingFails_NoThrowAndNextScanRunsTheBlob()
    {
        var function = FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]).BlobFunctions.Single(candidate => candidate.Name == "TakeTestInboxBlob");
        var blob = new Mock<BlobClient>();
        blob.Setup(client => client.DownloadContentAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(BlobsModelFactory.BlobDownloadResult(content: BinaryData.FromString("after the outage")), Mock.Of<Response>()));
        var container = new Mock<BlobContainerClient>();
        container.Setup(client => client.GetBlobClient("back.txt")).Returns(blob.Object);
        container.Setup(client => client.CreateIfNotExistsAsync(It.IsAny<PublicAccessType>(), It.IsAny<IDictionary<string, string>>(), It.IsAny<BlobContainerEncryptionScopeOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(BlobsModelFactory.BlobContainerInfo(ETag.All, DateTimeOffset.UnixEpoch), Mock.Of<Response>()));
        container.SetupSequence(client => client.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, It.IsAny<CancellationToken>()))
            .Throws(new RequestFailedException(503, "storage is down"))
            .Returns(AsyncPageable<BlobItem>.FromPages([Page<BlobItem>.FromValues([BlobsModelFactory.BlobItem("back.txt", properties: BlobsModelFactory.BlobItemProperties(accessTierInferred: false, eTag: new ETag("\"0x1\"")))], null, Mock.Of<Response>())]));
        var recorder = new InboxRecorder { RemoveWhenDone = false };
        using var services = new ServiceCollection().AddSingleton(recorder).BuildServiceProvider();
        var scannerLog = new RecordingLogger<BlobInboxScanner>();
        var invokerLog = new RecordingLogger<BlobFunctionInvoker>();
        var scanner = new BlobInboxScanner(
            function,
            container.Object,
            new BlobFunctionInvoker(services.GetRequiredService<IServiceScopeFactory>(), invokerLog),
            Options.Create(new LocalFunctionsHostOptions()),
            TimeProvider.System,
            scannerLog);

        var during = await scanner.ScanOnceAsync(CancellationToken.None);
        var after = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Empty(invokerLog.Entries.Where(entry => entry.Exception is not null).Select(entry => entry.Exception!.ToString()));
        Assert.Equal(0, during);
        Assert.Contains(scannerLog.Entries, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Warning && entry.Exception is RequestFailedException);
        Assert.Equal(1, after);
        Assert.Single(scannerLog.Entries, entry => entry.Exception is not null);
        Assert.Equal(("back.txt", "after the outage"), Assert.Single(recorder.Calls));
    }
}
