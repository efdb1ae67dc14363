using Azure;
using SyndicationFunctions.Storage;

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

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in PushNames.Tables)
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        await queues.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
    }
}
