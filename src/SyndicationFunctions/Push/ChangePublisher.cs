using Azure;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>Sends the one <see cref="PushChange"/> of a write, hidden until the change is public (an embargo's due moment).</summary>
public sealed partial class ChangePublisher(PushQueues queues, TimeProvider time, ILogger<ChangePublisher> logger)
{
    public async Task PublishAsync(string? section, DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            await queues.SendAsync(PushNames.ChangesQueue, new PushChange(section, due, due.UtcTicks), due - time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            // The article is stored; the writer is told to retry (503), and the change feed has it whatever happens.
            LogPublishFailed(logger, ex, section);
            throw new StorageUnavailableException("The article was stored, but its push notification could not be queued.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue the push of a change in section {Section}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string? section);
}
