using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Queues;
using SyndicationFunctions.LocalHost.Tests.Functions;
using SyndicationFunctions.Push;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests.Queues;

/// <summary>The queue trigger against a real Azurite queue: decoding, deletion, retries with dequeueCount, the poison queue.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class QueueListenerTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromTypes([typeof(TestQueueFunctions)]);

    private readonly QueueRecorder _recorder = new();
    private ServiceProvider? _services;

    private static QueueFunction Work => Assert.Single(Catalog.QueueFunctions);

    [Fact]
    public void FromTypes_QueueTrigger_ReadsQueueConnectionAndPoisonName()
    {
        Assert.Equal("TakeTestWork", Work.Name);
        Assert.Equal(TestQueueFunctions.Queue, Work.QueueName);
        Assert.Equal(TestBlobFunctions.Connection, Work.Connection);
        Assert.Equal(TestQueueFunctions.Queue + "-poison", Work.PoisonQueueName);
    }

    [Fact]
    public async Task PollOnceAsync_Base64Message_FunctionGetsTextAndMessageIsDeleted()
    {
        var (listener, queue, _) = await ListenerAsync(QueueSettings.Default);
        await Sender(queue.Name).SendMessageAsync("hello queue");

        Assert.Equal(1, await listener.PollOnceAsync(CancellationToken.None));

        Assert.Equal(("hello queue", 1L), Assert.Single(_recorder.Calls));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task PollOnceAsync_FailsEveryTime_RetriedWithGrowingDequeueCountThenPoisoned()
    {
        var (listener, queue, poison) = await ListenerAsync(QueueSettings.Default with { MaxDequeueCount = 3, VisibilityTimeout = TimeSpan.Zero });
        await Sender(queue.Name).SendMessageAsync("fail always");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, await listener.PollOnceAsync(CancellationToken.None));
        }

        Assert.Equal([1L, 2L, 3L], _recorder.Calls.Select(call => call.DequeueCount));
        Assert.Equal(0, await listener.PollOnceAsync(CancellationToken.None));
        var poisoned = Assert.Single((await Sender(poison.Name).ReceiveMessagesAsync(5)).Value);
        Assert.Equal("fail always", poisoned.Body.ToString());
    }

    [Fact]
    public async Task PollOnceAsync_FailedWithVisibilityTimeout_HiddenUntilItPasses()
    {
        var (listener, queue, _) = await ListenerAsync(QueueSettings.Default with { VisibilityTimeout = TimeSpan.FromSeconds(2) });
        await Sender(queue.Name).SendMessageAsync("fail once");

        await listener.PollOnceAsync(CancellationToken.None);
        Assert.Equal(0, await listener.PollOnceAsync(CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, await listener.PollOnceAsync(CancellationToken.None));
        Assert.Equal(2, _recorder.Calls.Count);
    }

    public void Dispose() => _services?.Dispose();

    /// <summary>A client that writes as the app does: base64 messages.</summary>
    private QueueClient Sender(string name) => new(azurite.ConnectionString, name, PushQueues.NewOptions());

    private async Task<(QueueListener Listener, QueueClient Queue, QueueClient Poison)> ListenerAsync(QueueSettings settings)
    {
        var name = $"test-{Guid.NewGuid():N}";
        var raw = PushQueues.NewOptions();
        raw.MessageEncoding = QueueMessageEncoding.None;
        var queue = new QueueClient(azurite.ConnectionString, name, raw);
        var poison = new QueueClient(azurite.ConnectionString, name + "-poison", raw);
        await queue.CreateAsync();
        _services = new ServiceCollection().AddSingleton(_recorder).BuildServiceProvider();
        var listener = new QueueListener(Work, queue, poison, _services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new LocalFunctionsHostOptions { Queues = settings }), TimeProvider.System, NullLogger<QueueListener>.Instance);
        return (listener, queue, poison);
    }
}
