using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Ingests the items of a batch, each exactly as a single POST of that JSON would be, and each on its own: an
/// invalid item is reported and the others go on. Every item is first prepared (read, validated, cleaned: CPU
/// work, on every core), then the valid ones are stored together with <see cref="IArticleStore.SaveManyAsync"/>, in
/// chunks of <see cref="StoreChunk"/>. Two items with the same id keep the order sent: the later one is an update of
/// the earlier (or unchanged, when identical) and its content wins. When storage stops answering, the items it did
/// not take are reported as not stored (503), so the publisher can send exactly those again.
/// </summary>
public sealed partial class BatchIngestor(ArticleIngestor ingestor, IArticleStore store, ILogger<BatchIngestor> logger)
{
    /// <summary>Articles handed to the store in one call: big enough for entity-group transactions to fill up.</summary>
    public const int StoreChunk = 500;

    public async Task<BatchReport> IngestAsync(IReadOnlyList<BatchItem> items, ArticleSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(source);
        var results = new BatchItemResult[items.Count];
        var articles = new Article?[items.Count];
        Prepare(items, source, articles, results, cancellationToken);

        var valid = Enumerable.Range(0, items.Count).Where(i => articles[i] is not null).ToList();
        var storageDown = false;
        foreach (var chunk in valid.Chunk(StoreChunk))
        {
            if (storageDown)
            {
                foreach (var i in chunk)
                    results[i] = BatchItemResult.NotStored(items[i]);
                continue;
            }

            var saved = await store.SaveManyAsync([.. chunk.Select(i => articles[i]!)], cancellationToken).ConfigureAwait(false);
            for (var at = 0; at < chunk.Length; at++)
            {
                var item = items[chunk[at]];
                var result = saved[at];
                results[chunk[at]] = result switch
                {
                    { Outcome: { } outcome } => BatchItemResult.Stored(item, outcome),
                    { Invalid: { } error } => BatchItemResult.Invalid(item, error),
                    _ => BatchItemResult.NotStored(item),
                };
                if (result.Outcome is { } stored)
                    LogIngested(logger, stored.Stored.Article.Id, source.Kind, source.Name, stored.Status);
                else if (result.NotStored && !storageDown)
                {
                    storageDown = true;
                    LogStorageDown(logger, item.Index, items.Count);
                }
            }
        }

        var report = BatchReport.Of(results);
        LogBatch(logger, items.Count, source.Kind, source.Name, report.Created, report.Updated, report.Unchanged, report.Failed, report.Retry);
        return report;
    }

    /// <summary>Reads and cleans every readable item on every core; an item that fails gets its 400 here.</summary>
    private void Prepare(IReadOnlyList<BatchItem> items, ArticleSource source, Article?[] articles, BatchItemResult[] results, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, items.Count, options, i =>
        {
            var item = items[i];
            if (item.Error is not null)
            {
                results[i] = BatchItemResult.Invalid(item, item.Error);
                return;
            }

            try
            {
                articles[i] = ingestor.Prepare(item.Json!, ArticleFormat.Json, source);
            }
            catch (ArticleValidationException ex)
            {
                results[i] = BatchItemResult.Invalid(item, ex);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Batch of {ItemCount} from {Source} {SourceName}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} invalid, {Retry} not stored")]
    private static partial void LogBatch(ILogger logger, int itemCount, string source, string? sourceName, int created, int updated, int unchanged, int failed, int retry);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ingested {ArticleId} from {Source} {SourceName}: {Status}")]
    private static partial void LogIngested(ILogger logger, string articleId, string source, string? sourceName, SaveStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage stopped answering at batch item {ItemIndex} of {ItemCount}; the items it did not take are not stored")]
    private static partial void LogStorageDown(ILogger logger, int itemIndex, int itemCount);
}
