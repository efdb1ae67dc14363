using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>A file dropped into the inbox container becomes an article (Event Grid blob trigger in Azure).</summary>
public sealed class InboxFunction
{
    /// <summary>The blob path the trigger watches: every blob of the inbox container.</summary>
    public const string TriggerPath = StorageNames.InboxContainer + "/{name}";

    [Function(nameof(IngestInboxBlob))]
    public Task IngestInboxBlob(
        [BlobTrigger(TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = StorageNames.Connection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
        => throw new NotImplementedException($"{blob.Name} {name} {cancellationToken.IsCancellationRequested}");
}
