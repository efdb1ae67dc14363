using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Ingestion;

/// <summary>A file dropped into the inbox container becomes an article (Event Grid blob trigger in Azure).</summary>
public sealed class InboxFunction(InboxProcessor processor)
{
    /// <summary>The blob path the trigger watches: every blob of the inbox container.</summary>
    public const string TriggerPath = StorageNames.InboxContainer + "/{name}";

    [Function(nameof(IngestInboxBlob))]
    public async Task IngestInboxBlob(
        [BlobTrigger(TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = StorageNames.Connection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var outcome = await processor.ProcessAsync(blob, cancellationToken).ConfigureAwait(false);
        SyndicationMetrics.InboxFiles.Add(1, SyndicationMetrics.Tag("outcome", outcome.ToString().ToLowerInvariant()));
        if (outcome == InboxOutcome.Rejected)
        {
            SyndicationMetrics.ArticlesRejected.Add(1, SyndicationMetrics.Tag("reason", "unreadable_file"));
        }
    }
}
