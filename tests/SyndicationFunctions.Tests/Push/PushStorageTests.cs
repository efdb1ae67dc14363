using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Tests.Push;

public sealed class PushStorageTests
{
    [Fact]
    public async Task RunMessageAsync_FailsAtLastDequeue_CountsPoisonedAndRethrows()
    {
        var queue = "q" + Guid.NewGuid().ToString("N");
        using var poisoned = new PoisonedCount(queue);

        await Assert.ThrowsAsync<InvalidOperationException>(() => NewStorage().RunMessageAsync(queue, PushLimits.MaxDequeueCount, () => throw new InvalidOperationException("bad message")));

        Assert.Equal(1, poisoned.Value);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(PushLimits.MaxDequeueCount - 1, false)]
    [InlineData(PushLimits.MaxDequeueCount, true)]
    public async Task RunMessageAsync_SucceedsOrFailsEarlier_NotCounted(long dequeueCount, bool succeeds)
    {
        var queue = "q" + Guid.NewGuid().ToString("N");
        using var poisoned = new PoisonedCount(queue);

        var run = NewStorage().RunMessageAsync(queue, dequeueCount, () => succeeds ? Task.CompletedTask : throw new InvalidOperationException("bad message"));
        if (succeeds)
        {
            await run;
        }
        else
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        }

        Assert.Equal(0, poisoned.Value);
    }

    private static PushStorage NewStorage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = "UseDevelopmentStorage=true" }).Build();
        return new PushStorage(new StorageClients(configuration), new PushQueues(configuration));
    }

    /// <summary>syndication.messages.poisoned for one queue tag, as an exporter would sum it.</summary>
    private sealed class PoisonedCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public PoisonedCount(string queue)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == SyndicationMetrics.MessagesPoisoned)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "queue" && Equals(tag.Value, queue))
                    {
                        Interlocked.Add(ref _value, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public void Dispose() => _listener.Dispose();
    }
}
