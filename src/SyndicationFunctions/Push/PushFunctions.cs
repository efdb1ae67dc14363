using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>The queue-triggered fan-out: a change into per-feed pages of subscribers, each page into deliveries.</summary>
public sealed class PushFunctions(FanOut fanOut, PushStorage storage)
{
    [Function(nameof(PushFanOutChange))]
    public Task PushFanOutChange(
        [QueueTrigger(PushNames.ChangesQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => storage.RunMessageAsync(PushNames.ChangesQueue, dequeueCount, () => fanOut.ChangeAsync(PushQueues.Read<PushChange>(message), cancellationToken));

    [Function(nameof(PushFanOutTopic))]
    public Task PushFanOutTopic(
        [QueueTrigger(PushNames.TopicFanOutQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => storage.RunMessageAsync(PushNames.TopicFanOutQueue, dequeueCount, () => fanOut.TopicAsync(PushQueues.Read<TopicFanOut>(message), cancellationToken));
}
