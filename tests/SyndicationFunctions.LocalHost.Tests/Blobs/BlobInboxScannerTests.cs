using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Blobs;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests.Blobs;

[Collection(AzuriteGroup.Name)]
public sealed class BlobInboxScannerTests : IDisposable
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]);

    private readonly InboxRecorder _recorder;
    private readonly ServiceProvider _services;

    private readonly AzuriteFixture _azurite;

    public BlobInboxScannerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _recorder = new InboxRecorder();
        _services = new ServiceCollection().AddSingleton(_recorder).BuildServiceProvider();
    }

    private static BlobFunction Inbox => Catalog.BlobFunctions.Single(function => function.Name == "TakeTestInboxBlob");

    private static BlobFunction Filed => Catalog.BlobFunctions.Single(function => function.Name == "ReadFiledText");

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ScanOnceAsync_ContainerMissing_CreatesIt()
    {
        var container = _azurite.NewContainer();
        var scanner = Scanner(Inbox, container, Invoker(out _));

        var completed = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(0, completed);
        Assert.True((await container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task ScanOnceAsync_BlobInInbox_FunctionGetsNameAndBlobAndMovesIt()
    {
        var container = await ContainerWithAsync(("drop/seed.txt", "date 2026-11-25 WORLD"));
        var scanner = Scanner(Inbox, container, Invoker(out var recorder));

        var completed = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(1, completed);
        Assert.Equal(("drop/seed.txt", "date 2026-11-25 WORLD"), Assert.Single(recorder.Calls));
        Assert.False((await container.GetBlobClient("drop/seed.txt").ExistsAsync()).Value);
    }

    [Fact]
    public async Task ScanOnceAsync_FunctionThrows_BlobKeptAndTriedAgainNextScan()
    {
        var container = await ContainerWithAsync(("flaky.json", "{}"));
        var scanner = Scanner(Inbox, container, Invoker(out var recorder));
        recorder.FailNext(1);

        var first = await scanner.ScanOnceAsync(CancellationToken.None);
        var keptAfterFailure = (await container.GetBlobClient("flaky.json").ExistsAsync()).Value;
        var second = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(0, first);
        Assert.True(keptAfterFailure);
        Assert.Equal(1, second);
        Assert.Equal(2, recorder.Calls.Count);
    }

    [Fact]
    public async Task ScanOnceAsync_FunctionLeavesBlob_SameVersionNotRunAgainButNewUploadIs()
    {
        var container = await ContainerWithAsync(("kept.md", "first"));
        var scanner = Scanner(Inbox, container, Invoker(out var recorder));
        recorder.RemoveWhenDone = false;

        await scanner.ScanOnceAsync(CancellationToken.None);
        var again = await scanner.ScanOnceAsync(CancellationToken.None);
        await container.GetBlobClient("kept.md").UploadAsync(BinaryData.FromString("second"), overwrite: true);
        var afterReupload = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Equal(1, afterReupload);
        Assert.Equal(["first", "second"], recorder.Calls.Select(call => call.Content));
    }

    [Fact]
    public async Task ScanOnceAsync_ManyBlobs_NoMoreAtOnceThanParallelism()
    {
        var container = await ContainerWithAsync(Enumerable.Range(1, 6).Select(i => ($"many-{i}.txt", $"body {i}")).ToArray());
        var scanner = Scanner(Inbox, container, Invoker(out var recorder), parallelism: 2);
        recorder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Delay(300).ContinueWith(_ => recorder.Gate.TrySetResult(), TaskScheduler.Default);

        var completed = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(6, completed);
        Assert.InRange(recorder.MostRunningAtOnce, 1, 2);
    }

    [Fact]
    public async Task InvokeAsync_SameBlobAlreadyRunning_NotRunTwice()
    {
        var container = await ContainerWithAsync(("slow.txt", "slow"));
        var invoker = Invoker(out var recorder);
        recorder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = invoker.InvokeAsync(Inbox, container, "slow.txt", CancellationToken.None);
        while (recorder.Calls.IsEmpty)
        {
            await Task.Delay(10);
        }

        var second = await invoker.InvokeAsync(Inbox, container, "slow.txt", CancellationToken.None);
        recorder.Gate.SetResult();

        Assert.Equal(BlobInvocationOutcome.AlreadyRunning, second);
        Assert.Equal(BlobInvocationOutcome.Succeeded, await first);
        Assert.Single(recorder.Calls);
    }

    [Fact]
    public async Task ScanOnceAsync_PatternWithTokens_BindsTokensContentAndPathAndSkipsOtherNames()
    {
        var container = await ContainerWithAsync(("news/monday.txt", "plain body"), ("news/monday.json", "{}"));
        var scanner = Scanner(Filed, container, Invoker(out var recorder));

        var completed = await scanner.ScanOnceAsync(CancellationToken.None);

        Assert.Equal(1, completed);
        Assert.Equal(($"news|monday|{container.Name}/news/monday.txt", "plain body"), Assert.Single(recorder.Calls));
    }

    [Fact]
    public async Task InvokeAsync_StreamTrigger_FunctionReadsBlobContent()
    {
        var container = await ContainerWithAsync(("streamed.txt", "streamed body"));
        var function = FunctionCatalog.FromTypes([typeof(StreamBlobFunction)]).BlobFunctions.Single();

        var outcome = await Invoker(out var recorder).InvokeAsync(function, container, "streamed.txt", CancellationToken.None);

        Assert.Equal(BlobInvocationOutcome.Succeeded, outcome);
        Assert.Equal(("streamed.txt", "streamed body"), Assert.Single(recorder.Calls));
    }

    private BlobFunctionInvoker Invoker(out InboxRecorder recorder)
    {
        recorder = _recorder;
        return new BlobFunctionInvoker(_services.GetRequiredService<IServiceScopeFactory>(), NullLogger<BlobFunctionInvoker>.Instance);
    }

    private static BlobInboxScanner Scanner(BlobFunction function, BlobContainerClient container, BlobFunctionInvoker invoker, int parallelism = 4) =>
        new(function, container, invoker, Options.Create(new LocalFunctionsHostOptions { InboxParallelism = parallelism }), TimeProvider.System, NullLogger<BlobInboxScanner>.Instance);

    private async Task<BlobContainerClient> ContainerWithAsync(params (string Name, string Content)[] blobs)
    {
        var container = _azurite.NewContainer();
        await container.CreateAsync();
        foreach (var (name, content) in blobs)
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content));
        }

        return container;
    }
}
