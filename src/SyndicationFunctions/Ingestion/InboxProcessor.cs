using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Handles one file of the inbox: ingested files move to the archive, unreadable ones to the
/// rejected container with a <c>{name}.error.json</c> beside them. Storage failures are thrown,
/// so the trigger retries; nothing dropped is lost, and a second delivery of the same event is harmless.
/// </summary>
public sealed partial class InboxProcessor(
    ArticleIngestor ingestor,
    BatchIngestor batchIngestor,
    StorageClients clients,
    IOptions<SyndicationOptions> options,
    TimeProvider time,
    ILogger<InboxProcessor> logger)
{
    public async Task<InboxOutcome> ProcessAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            return await ProcessCoreAsync(blob, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or 408 or 429 or >= 500)
        {
            throw new StorageUnavailableException("Blob storage did not answer.", ex);
        }
    }

    private async Task<InboxOutcome> ProcessCoreAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already handled: events can arrive twice, and the first delivery moved the file.
            LogGone(logger, blob.Name);
            return InboxOutcome.Gone;
        }

        var details = download.Details;
        var bytes = download.Content.ToMemory();
        var contentType = details.ContentType;
        try
        {
            var limit = options.Value.MaxBodyBytes;
            if (bytes.Length > limit)
            {
                throw new ArticleValidationException($"The file is {bytes.Length} bytes; files are limited to {limit} bytes.");
            }

            // Decoded once, for the emptiness check and whichever reader follows.
            var text = RequestBody.Decode(bytes.Span, RequestBody.EncodingOf(contentType));
            if (string.IsNullOrWhiteSpace(text))
            {
                throw ArticleValidationException.Empty("file");
            }

            if (IsBatchFile(blob.Name, contentType))
            {
                return await ProcessBatchAsync(blob, details.ETag, bytes, text, contentType, cancellationToken).ConfigureAwait(false);
            }

            var format = FormatDetection.FromFileName(blob.Name)
                ?? FormatDetection.FromContentType(contentType)
                ?? throw new ArticleValidationException(
                    $"Cannot tell the format of '{blob.Name}': use .json, .ndjson, .txt, .md or .html, or a matching content type (got '{contentType}').");
            var outcome = await ingestor.IngestAsync(text, format, new ArticleSource(ArticleSource.Blob, blob.Name), cancellationToken).ConfigureAwait(false);
            await MoveAsync(blob, details.ETag, StorageNames.ArchiveContainer, bytes, contentType, cancellationToken).ConfigureAwait(false);
            return outcome.Status switch
            {
                SaveStatus.Created => InboxOutcome.Created,
                SaveStatus.Updated => InboxOutcome.Updated,
                _ => InboxOutcome.Unchanged,
            };
        }
        catch (Exception ex) when (ex is ArticleValidationException or UnsupportedMediaTypeException)
        {
            var errors = (ex as ArticleValidationException)?.Errors;
            var report = new RejectionReport(blob.Name, ex.Message, errors is { Count: > 0 } ? errors : null, time.GetUtcNow());
            return await RejectAsync(blob, details.ETag, report, report.Error, bytes, contentType, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <c>{name}.error.json</c> into the rejected container, then moves the file beside it.</summary>
    private async Task<InboxOutcome> RejectAsync<TReport>(
        BlobClient blob, ETag etag, TReport report, string reason, ReadOnlyMemory<byte> bytes, string? contentType, CancellationToken cancellationToken)
    {
        var rejected = clients.Blobs.GetBlobContainerClient(StorageNames.RejectedContainer);
        await rejected.GetBlobClient(blob.Name + ".error.json")
            .UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(report, ArticleJson.Options)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken)
            .ConfigureAwait(false);
        await MoveAsync(blob, etag, StorageNames.RejectedContainer, bytes, contentType, cancellationToken).ConfigureAwait(false);
        LogRejected(logger, blob.Name, reason);
        return InboxOutcome.Rejected;
    }

    // ---- Batch files (.ndjson): one article per line, each ingested like an item of POST /api/articles/batch.

    private static bool IsBatchFile(string name, string? contentType)
        => FormatDetection.IsNdjsonFile(name) || (FormatDetection.FromFileName(name) is null && FormatDetection.IsNdjsonContentType(contentType));

    private async Task<InboxOutcome> ProcessBatchAsync(
        BlobClient blob, ETag etag, ReadOnlyMemory<byte> bytes, string text, string? contentType, CancellationToken cancellationToken)
    {
        // A file that cannot be read as a whole (no lines, too many) throws ArticleValidationException
        // and is rejected whole by the caller, as any unreadable file is.
        var items = BatchReader.Read(text, BatchFraming.Ndjson);
        var batch = await batchIngestor.IngestAsync(items, new ArticleSource(ArticleSource.Blob, blob.Name), cancellationToken).ConfigureAwait(false);
        if (batch.Retry > 0)
        {
            // Transient: the file stays in the inbox and the trigger retries it whole; the lines already stored come back unchanged.
            var line = batch.Results.First(r => r.Status == StatusCodes.Status503ServiceUnavailable).Line;
            throw new StorageUnavailableException($"Storage stopped answering at line {line} of '{blob.Name}'.");
        }

        if (batch.Failed == 0)
        {
            await MoveAsync(blob, etag, StorageNames.ArchiveContainer, bytes, contentType, cancellationToken).ConfigureAwait(false);
            return batch.Created > 0 ? InboxOutcome.Created : batch.Updated > 0 ? InboxOutcome.Updated : InboxOutcome.Unchanged;
        }

        // Some lines are invalid: the valid ones are stored already and stay stored, and the file goes to the
        // rejected container with a report naming each failed line and why. The publisher can fix those lines
        // and drop the whole file again: the good lines keep their ids, so they come back unchanged, not duplicated.
        var failed = batch.Results.Where(r => r.Status == StatusCodes.Status400BadRequest).ToList();
        var error = $"{failed.Count} of {items.Count} lines could not be ingested ({(failed.Count == 1 ? "line" : "lines")} {string.Join(", ", failed.Select(r => r.Line))}); the other {batch.Stored} are stored.";
        var report = new LineRejectionReport(blob.Name, error, failed, batch.Stored, time.GetUtcNow());
        return await RejectAsync(blob, etag, report, error, bytes, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies the bytes already read, then deletes the inbox blob only if it is still the one read.</summary>
    private async Task MoveAsync(BlobClient blob, ETag etag, string container, ReadOnlyMemory<byte> bytes, string? contentType, CancellationToken cancellationToken)
    {
        var target = clients.Blobs.GetBlobContainerClient(container).GetBlobClient(blob.Name);
        await target.UploadAsync(BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        try
        {
            await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The publisher replaced the file while it was read: leave the new one for its own event.
            LogReplaced(logger, blob.Name);
        }
    }

    private sealed record RejectionReport(string Blob, string Error, IReadOnlyDictionary<string, string[]>? Errors, DateTimeOffset RejectedAt);

    /// <summary>The report of a batch file some of whose lines failed: one entry per failed line.</summary>
    private sealed record LineRejectionReport(string Blob, string Error, IReadOnlyList<BatchItemResult> Lines, int StoredLines, DateTimeOffset RejectedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox blob {BlobName} is gone; nothing to do")]
    private static partial void LogGone(ILogger logger, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected inbox blob {BlobName}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string blobName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox blob {BlobName} changed while read; left for its next event")]
    private static partial void LogReplaced(ILogger logger, string blobName);
}

public enum InboxOutcome
{
    Created,
    Updated,
    Unchanged,
    Rejected,
    Gone,
}
