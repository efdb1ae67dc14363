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
            if (IsBatchFile(blob.Name, null))
            {
                // Named .ndjson: streamed, never read whole. (One named otherwise but sent as NDJSON is at most MaxBodyBytes.)
                var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                return await ProcessBatchFileAsync(blob, properties, cancellationToken).ConfigureAwait(false);
            }

            download = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already handled: events can arrive twice, and the first delivery moved the file (or a batch file
            // was replaced while it was read, and the new version has its own event).
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
            return await RejectAsync(blob.Name, report, report.Error,
                () => MoveAsync(blob, details.ETag, StorageNames.RejectedContainer, bytes, contentType, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <c>{name}.error.json</c> into the rejected container, then moves the file beside it.</summary>
    private async Task<InboxOutcome> RejectAsync<TReport>(string name, TReport report, string reason, Func<Task> moveToRejected, CancellationToken cancellationToken)
    {
        var rejected = clients.Blobs.GetBlobContainerClient(StorageNames.RejectedContainer);
        await rejected.GetBlobClient(name + ".error.json")
            .UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(report, ArticleJson.Options)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken)
            .ConfigureAwait(false);
        await moveToRejected().ConfigureAwait(false);
        LogRejected(logger, name, reason);
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
        var lines = new BatchFileLines();
        lines.Add(await batchIngestor.IngestAsync(items, new ArticleSource(ArticleSource.Blob, blob.Name), cancellationToken).ConfigureAwait(false), blob.Name);
        return await FinishBatchAsync(blob, lines, target => MoveAsync(blob, etag, target, bytes, contentType, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An <c>.ndjson</c> file, read as a stream in chunks of <see cref="InboxLimits.ChunkLines"/> lines, each chunk
    /// stored before the next is read: memory holds one chunk and the failed lines' results, whatever the file's size.
    /// </summary>
    private async Task<InboxOutcome> ProcessBatchFileAsync(BlobClient blob, BlobProperties properties, CancellationToken cancellationToken)
    {
        var etag = properties.ETag;
        var contentType = properties.ContentType;
        Task Move(string container) => MoveStreamAsync(blob, etag, container, contentType, cancellationToken);
        var lines = new BatchFileLines();
        try
        {
            if (properties.ContentLength > InboxLimits.MaxFileBytes)
            {
                throw new ArticleValidationException(
                    $"The file is {properties.ContentLength} bytes; .ndjson files are limited to {InboxLimits.MaxFileBytes} bytes. Split it into smaller files.");
            }

            var encoding = RequestBody.EncodingOf(contentType);
            NdjsonFileReader.EnsureSplittable(encoding);
            var source = new ArticleSource(ArticleSource.Blob, blob.Name);
            var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken)
                .ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var chunks = NdjsonFileReader.ReadChunksAsync(stream, encoding, options.Value.MaxBodyBytes, InboxLimits.ChunkLines, InboxLimits.ChunkBytes, cancellationToken);
                await foreach (var chunk in chunks.ConfigureAwait(false))
                {
                    if (lines.Count + chunk.Count > InboxLimits.MaxFileLines)
                    {
                        throw new ArticleValidationException(
                            $"The file holds more than {InboxLimits.MaxFileLines} articles; split it. The {lines.Stored} lines before line {chunk[0].Line} are stored and come back unchanged when sent again; nothing from line {chunk[0].Line} on was read.");
                    }

                    lines.Add(await batchIngestor.IngestAsync(chunk, source, cancellationToken).ConfigureAwait(false), blob.Name);
                }
            }

            if (lines.Count == 0)
                throw ArticleValidationException.Empty("file");
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Replaced or removed while read: the new version has its own event, and what was stored from this one stays.
            LogReplaced(logger, blob.Name);
            return InboxOutcome.Gone;
        }
        catch (Exception ex) when (ex is ArticleValidationException or UnsupportedMediaTypeException)
        {
            var errors = (ex as ArticleValidationException)?.Errors;
            var report = new RejectionReport(blob.Name, ex.Message, errors is { Count: > 0 } ? errors : null, time.GetUtcNow());
            return await RejectAsync(blob.Name, report, report.Error, () => Move(StorageNames.RejectedContainer), cancellationToken).ConfigureAwait(false);
        }

        return await FinishBatchAsync(blob, lines, Move, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Archives a batch file whose every line is stored, or rejects it with a report naming each failed line.</summary>
    private async Task<InboxOutcome> FinishBatchAsync(BlobClient blob, BatchFileLines lines, Func<string, Task> move, CancellationToken cancellationToken)
    {
        if (lines.Failed.Count == 0)
        {
            await move(StorageNames.ArchiveContainer).ConfigureAwait(false);
            return lines.Created > 0 ? InboxOutcome.Created : lines.Updated > 0 ? InboxOutcome.Updated : InboxOutcome.Unchanged;
        }

        // Some lines are invalid: the valid ones are stored already and stay stored, and the file goes to the
        // rejected container with a report naming each failed line and why. The publisher can fix those lines
        // and drop the whole file again: the good lines keep their ids, so they come back unchanged, not duplicated.
        var failed = lines.Failed;
        var error = $"{failed.Count} of {lines.Count} lines could not be ingested ({(failed.Count == 1 ? "line" : "lines")} {Listed(failed)}); the other {lines.Stored} are stored.";
        var report = new LineRejectionReport(blob.Name, error, failed, lines.Stored, time.GetUtcNow());
        return await RejectAsync(blob.Name, report, error, () => move(StorageNames.RejectedContainer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The failed lines' numbers for the report's one-line summary: all of them when few, else the first and a count.</summary>
    private static string Listed(List<BatchItemResult> failed)
    {
        const int Shown = 20;
        var shown = string.Join(", ", failed.Take(Shown).Select(r => r.Line));
        return failed.Count <= Shown ? shown : $"{shown} and {failed.Count - Shown} more, each listed below";
    }

    /// <summary>What the chunks of one batch file came to, so far.</summary>
    private sealed class BatchFileLines
    {
        public int Count { get; private set; }

        public int Created { get; private set; }

        public int Updated { get; private set; }

        public int Stored { get; private set; }

        public List<BatchItemResult> Failed { get; } = [];

        /// <summary>Counts a chunk in; throws <see cref="StorageUnavailableException"/> when storage did not take all of it, so the trigger retries the file.</summary>
        public void Add(BatchReport chunk, string blobName)
        {
            if (chunk.Retry > 0)
            {
                // Transient: the file stays in the inbox and the trigger retries it whole; the lines already stored come back unchanged.
                var line = chunk.Results.First(r => r.Status == StatusCodes.Status503ServiceUnavailable).Line;
                throw new StorageUnavailableException($"Storage stopped answering at line {line} of '{blobName}'.");
            }

            Count += chunk.Results.Count;
            Created += chunk.Created;
            Updated += chunk.Updated;
            Stored += chunk.Stored;
            Failed.AddRange(chunk.Results.Where(r => r.Status == StatusCodes.Status400BadRequest));
        }
    }

    /// <summary>Copies the bytes already read, then deletes the inbox blob only if it is still the one read.</summary>
    private async Task MoveAsync(BlobClient blob, ETag etag, string container, ReadOnlyMemory<byte> bytes, string? contentType, CancellationToken cancellationToken)
    {
        var target = clients.Blobs.GetBlobContainerClient(container).GetBlobClient(blob.Name);
        await target.UploadAsync(BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        await DeleteIfUnchangedAsync(blob, etag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies a file too large to hold by streaming it through (the version read, nothing newer), then deletes it as above.
    /// Not a server-side copy: that would need the source authorised separately under a managed identity.
    /// </summary>
    private async Task MoveStreamAsync(BlobClient blob, ETag etag, string container, string? contentType, CancellationToken cancellationToken)
    {
        var target = clients.Blobs.GetBlobContainerClient(container).GetBlobClient(blob.Name);
        var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken)
            .ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await target.UploadAsync(stream, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        }

        await DeleteIfUnchangedAsync(blob, etag, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteIfUnchangedAsync(BlobClient blob, ETag etag, CancellationToken cancellationToken)
    {
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
