using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage.Layout;

/// <summary>
/// Layout 2 to 3: layout 2 kept everything in one partition (<see cref="ArticleKeys.LegacyPartition"/>) with one
/// counters row that every write replaced; layout 3 spreads the articles over shard partitions and numbers the change
/// feed with a sequencer (docs/STORAGE.md). The step moves, in this order:
/// <list type="number">
/// <item>every article, tombstone and scheduled article, in id order, through the store's own restore (an id layout 3
/// already holds, written since the upgrade, stays as it is; no change is added, and the sequencer counts it);</item>
/// <item>every change row, with its number, into the change partition (layout 3 went on numbering after layout 2's
/// last, so nothing collides);</item>
/// <item>then it tells the sequencer the old partition holds no more changes to read.</item>
/// </list>
/// Until then the change feed reads both partitions, so a cursor issued before the upgrade goes on working throughout.
/// The old rows are left in place; docs/OPERATIONS.md says when they can go.
/// </summary>
public sealed class ShardedLayoutStep(StorageClients clients, IArticleArchive archive) : ILayoutStep
{
    private const string ArticlesPhase = "a|";
    private const string ChangesPhase = "c|";

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ArticlesTable);

    public int From => 2;

    /// <summary>Articles (or changes) per batch; each batch saves a checkpoint and renews the lease.</summary>
    public int BatchSize { get; init; } = 50;

    public async Task<bool> FindsOldDataAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.LegacyPartition}"),
                               maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public Task<LayoutBatch> MigrateBatchAsync(string? checkpoint, CancellationToken cancellationToken)
        => checkpoint is not null && checkpoint.StartsWith(ChangesPhase, StringComparison.Ordinal)
            ? MoveChangesAsync(checkpoint[ChangesPhase.Length..], cancellationToken)
            : MoveArticlesAsync(checkpoint?.StartsWith(ArticlesPhase, StringComparison.Ordinal) == true ? checkpoint[ArticlesPhase.Length..] : null, cancellationToken);

    private async Task<LayoutBatch> MoveArticlesAsync(string? after, CancellationToken cancellationToken)
    {
        var scheduled = await ScheduledIdsAsync(cancellationToken).ConfigureAwait(false);
        var from = after ?? ArticleKeys.Article("");
        var end = ArticleKeys.End(ArticleKeys.Article(""));
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.LegacyPartition} and RowKey ge {from} and RowKey lt {end}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.LegacyPartition} and RowKey gt {from} and RowKey lt {end}");
        var rows = new List<TableEntity>(BatchSize);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: BatchSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count == BatchSize)
            {
                break;
            }
        }

        var moved = 0;
        foreach (var row in rows)
        {
            if (await archive.RestoreAsync(await RecordOfAsync(row, scheduled, cancellationToken).ConfigureAwait(false), RestoreMode.Move, cancellationToken).ConfigureAwait(false))
            {
                moved++;
            }
        }

        // Counted before the checkpoint moves on.
        await archive.SettleAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count < BatchSize
            ? new LayoutBatch(ChangesPhase + "0", moved, false)
            : new LayoutBatch(ArticlesPhase + rows[^1].RowKey, moved, false);
    }

    private async Task<LayoutBatch> MoveChangesAsync(string after, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>(BatchSize);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ArticleKeys.LegacyPartition} and RowKey gt {ArticleKeys.Change(long.Parse(after, System.Globalization.CultureInfo.InvariantCulture))} and RowKey lt {ArticleKeys.End(ArticleKeys.Changes)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: BatchSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count == BatchSize)
            {
                break;
            }
        }

        // The same row under the change partition: an upsert, so a batch that runs again writes the same thing.
        await Task.WhenAll(rows.Select(row =>
        {
            var copy = new TableEntity(ArticleKeys.ChangesPartition, row.RowKey);
            foreach (var (name, value) in row)
            {
                if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                {
                    copy[name] = value;
                }
            }

            return _table.UpsertEntityAsync(copy, TableUpdateMode.Replace, cancellationToken);
        })).ConfigureAwait(false);

        if (rows.Count == BatchSize)
        {
            return new LayoutBatch(ChangesPhase + ArticleKeys.ParseChange(rows[^1].RowKey).ToString(System.Globalization.CultureInfo.InvariantCulture), rows.Count, false);
        }

        await MarkChangesMovedAsync(cancellationToken).ConfigureAwait(false);
        return new LayoutBatch(ChangesPhase + "done", rows.Count, true);
    }

    /// <summary>The change feed stops reading layout 2's partition: every change is in the change partition now.</summary>
    private async Task MarkChangesMovedAsync(CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.ChangesPartition, ArticleKeys.StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (response.HasValue)
                {
                    var state = response.Value!;
                    state["LegacyChanges"] = false;
                    await _table.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var legacy = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.LegacyPartition, ArticleKeys.Stats(ArticleKeys.AllListing), cancellationToken: cancellationToken).ConfigureAwait(false);
                var seeded = legacy.HasValue ? ListingStats.SeedFromLayout2(legacy.Value!) : ListingStats.EmptyState();
                seeded.LegacyChanges = false;
                await _table.AddEntityAsync(seeded.ToEntity(), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && tries < 40)
            {
                // A round committed meanwhile: read the state again.
            }
        }
    }

    private async Task<ArchivedArticle> RecordOfAsync(TableEntity row, HashSet<string> scheduled, CancellationToken cancellationToken)
    {
        var id = row.RowKey[ArticleKeys.Article("").Length..];
        if (row.GetString("State") == "withdrawn")
        {
            return new ArchivedArticle(id, ArchivedStates.Withdrawn, null, row.GetDateTimeOffset("WithdrawnAt"), row.GetString("Section"), null);
        }

        var article = await ReadAsync(row, cancellationToken).ConfigureAwait(false);
        return new ArchivedArticle(id, scheduled.Contains(id) ? ArchivedStates.Scheduled : ArchivedStates.Public,
            row.GetDateTimeOffset("ListedAt") ?? article.Published, null, article.Section.Slug, article);
    }

    private Task<Article> ReadAsync(TableEntity row, CancellationToken cancellationToken)
        => ArticleEntityCodec.ReadAsync(row, clients.Blobs.GetBlobContainerClient(StorageNames.ContentContainer), cancellationToken);

    /// <summary>Layout 2's scheduled articles: the ids in its counters row's schedule.</summary>
    private async Task<HashSet<string>> ScheduledIdsAsync(CancellationToken cancellationToken)
    {
        var counters = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.LegacyPartition, ArticleKeys.Stats(ArticleKeys.AllListing), cancellationToken: cancellationToken).ConfigureAwait(false);
        return counters.HasValue
            ? ListingStats.FromEntity(counters.Value!).Schedule.Select(e => e.Id).ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
