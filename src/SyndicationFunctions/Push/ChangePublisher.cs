using Azure;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>Sends the one <see cref="PushChange"/> of a write, hidden until the change is public (an embargo's due moment).</summary>
public sealed partial class ChangePublisher(PushQueues queues, TimeProvider time, ILogger<ChangePublisher> logger)
{
    /// <param name="feeds">Every feed the change touches, before and after it (<see cref="Storage.ArticleKeys"/>' rules, as scopes).</param>
    public async Task PublishAsync(string? section, IEnumerable<FeedScope> feeds, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        try
        {
            var keys = feeds.Where(f => f.Kind != FeedScopeKind.Every).Select(f => f.Key).Distinct(StringComparer.Ordinal).ToList();
            await queues.SendAsync(PushNames.ChangesQueue, new PushChange(section, due, due.UtcTicks, keys), due - time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
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
