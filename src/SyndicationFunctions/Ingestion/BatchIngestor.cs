using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Ingests the items of a batch one after another, each exactly as a single POST of that JSON would be
/// (through <see cref="ArticleIngestor"/>), and each on its own: an invalid item is reported and the next
/// one goes on. Items are stored in the order sent, so two items with the same id are deterministic: the
/// later one is an update of the earlier (or unchanged, when identical) and the later content wins.
/// When storage stops answering, the batch stops: that item and every later one are reported as not
/// stored (503), so the publisher can send exactly those again.
/// </summary>
public sealed partial class BatchIngestor(ArticleIngestor ingestor, ILogger<BatchIngestor> logger)
{
    public async Task<BatchReport> IngestAsync(IReadOnlyList<BatchItem> items, ArticleSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(source);
        var results = new List<BatchItemResult>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Error is not null)
            {
                results.Add(BatchItemResult.Invalid(item, item.Error));
                continue;
            }

            try
            {
                var outcome = await ingestor.IngestAsync(item.Json!, ArticleFormat.Json, source, cancellationToken).ConfigureAwait(false);
                results.Add(BatchItemResult.Stored(item, outcome));
            }
            catch (ArticleValidationException ex)
            {
                results.Add(BatchItemResult.Invalid(item, ex));
            }
            catch (StorageUnavailableException ex)
            {
                LogStorageDown(logger, ex, item.Index, items.Count);
                // Items already known to be unreadable stay 400: sending them again as they are would not help.
                results.AddRange(items.Skip(i).Select(rest => rest.Error is null ? BatchItemResult.NotStored(rest) : BatchItemResult.Invalid(rest, rest.Error)));
                break;
            }
        }

        var report = BatchReport.Of(results);
        LogBatch(logger, items.Count, source.Kind, source.Name, report.Created, report.Updated, report.Unchanged, report.Failed, report.Retry);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Batch of {ItemCount} from {Source} {SourceName}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} invalid, {Retry} not stored")]
    private static partial void LogBatch(ILogger logger, int itemCount, string source, string? sourceName, int created, int updated, int unchanged, int failed, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage stopped answering at batch item {ItemIndex} of {ItemCount}; the rest are not stored")]
    private static partial void LogStorageDown(ILogger logger, Exception exception, int itemIndex, int itemCount);
}
