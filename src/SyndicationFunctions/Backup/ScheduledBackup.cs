using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Backup;

/// <summary>
/// One scheduled backup: the whole store exported into a new blob of the backups container, streamed (never held in
/// memory), then the backups older than the retention deleted. The container's soft delete (Bicep) keeps a deleted or
/// overwritten backup recoverable for a while longer.
/// </summary>
public sealed partial class ScheduledBackup(
    StorageClients clients, StoreExporter exporter, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<ScheduledBackup> logger)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var container = clients.Blobs.GetBlobContainerClient(StorageNames.BackupsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var started = time.GetUtcNow();
        var name = StoreArchive.BlobName(started);
        var blob = container.GetBlobClient(name);
        ArchiveCounts counts;
        await using (var stream = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            counts = await exporter.ExportAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var cutoff = started - TimeSpan.FromDays(options.Value.BackupRetentionDays);
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Properties.CreatedOn is { } created && created < cutoff)
            {
                await container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        LogBackedUp(logger, name, counts.Articles, counts.Changes);
        SyndicationMetrics.BackupsCompleted.Add(1);
        return name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {BlobName} written: {Articles} articles, {Changes} changes")]
    private static partial void LogBackedUp(ILogger logger, string blobName, long articles, long changes);
}
