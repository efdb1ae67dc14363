using Azure;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Push;

/// <summary>
/// Creates the push tables and queues when storage answers that one is missing (storage came up after the app, or
/// was emptied), then runs the work once more: as the article tables are created on first use.
/// </summary>
public sealed class PushStorage(StorageClients clients, PushQueues queues)
{
    public async Task RunAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode is "TableNotFound" or "QueueNotFound")
        {
            await EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
            await work().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a queue-triggered function: a failure at the message's last allowed dequeue (the host
    /// then moves it to <c>{queue}-poison</c>) is counted in <see cref="SyndicationMetrics.MessagesPoisoned"/>.
    /// </summary>
    public async Task RunMessageAsync(string queue, long dequeueCount, Func<Task> work)
    {
        try
        {
            await RunAsync(work).ConfigureAwait(false);
        }
        catch (Exception) when (dequeueCount >= PushLimits.MaxDequeueCount)
        {
            SyndicationMetrics.MessagesPoisoned.Add(1, SyndicationMetrics.Tag("queue", queue));
            throw;
        }
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in PushNames.Tables)
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        await queues.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
    }
}
