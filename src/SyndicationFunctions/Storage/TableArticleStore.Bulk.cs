using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Bulk writes (the batch route, <c>.ndjson</c> inbox files): every article is worked out from parallel reads exactly
/// as a single write would be, then the articles of each shard go in shared entity-group transactions (as many as fit
/// 100 operations and 4 MiB), all shards at once, and the sequencer numbers their changes in shared rounds.
/// </summary>
public sealed partial class TableArticleStore
{
    /// <summary>Reads and transactions in flight at once for one bulk write.</summary>
    private const int BulkInFlight = 32;

    /// <summary>Operations and bytes per shared transaction, within Table Storage's 100 and 4 MiB.</summary>
    private const int BulkOperations = 100;

    private const long BulkBytes = 3L * 1024 * 1024;

    public async Task<IReadOnlyList<BulkSaveResult>> SaveManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var results = new BulkSaveResult?[articles.Count];
        var normalized = articles.Select(a => a with { Published = WholeSeconds(a.Published), Updated = WholeSeconds(a.Updated) }).ToList();

        // Articles sharing an id go in waves, in the order given: the later one is an update of the earlier and wins.
        var lanes = normalized.Select((article, index) => (article, index)).GroupBy(e => e.article.Id, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        ListingStats state;
        try
        {
            state = await Guard(() => ReadStateAsync(cancellationToken)).ConfigureAwait(false) ?? ListingStats.EmptyState();
        }
        catch (StorageUnavailableException)
        {
            return [.. articles.Select(_ => BulkSaveResult.Unavailable)];
        }

        // A section new to the store is named by the first article of the batch that has it, as single writes would.
        foreach (var article in normalized)
        {
            if (!state.Sections.ContainsKey(article.Section.Slug))
            {
                state.Sections[article.Section.Slug] = new ListingStats.SectionCounters(CanonicalName(state, article.Section), 1, null);
            }
        }

        var pending = new List<PendingKey>();
        var unavailable = false;
        for (var wave = 0; !unavailable; wave++)
        {
            var batch = lanes.Where(l => l.Count > wave).Select(l => l[wave]).ToList();
            if (batch.Count == 0)
            {
                break;
            }

            // Reads and the work of each write, in parallel.
            var prepared = new PreparedSave?[batch.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = BulkInFlight, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var (article, index) = batch[i];
                try
                {
                    prepared[i] = await Guard(() => PrepareSaveAsync(article, WriteMode.Upsert, null, null, token, state)).ConfigureAwait(false);
                    if (prepared[i]!.Actions is null)
                    {
                        results[index] = BulkSaveResult.Saved(prepared[i]!.Outcome!);
                    }
                }
                catch (ArticleValidationException ex)
                {
                    results[index] = BulkSaveResult.Refused(ex);
                }
                catch (StorageUnavailableException)
                {
                    results[index] = BulkSaveResult.Unavailable;
                }
            }).ConfigureAwait(false);

            // The writes of each shard, packed into shared transactions.
            var groups = PackTransactions(batch.Select((entry, i) => (entry.index, prepared[i])).Where(p => p.Item2?.Actions is not null).Select(p => (p.index, p.Item2!)));
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = BulkInFlight, CancellationToken = cancellationToken }, async (group, token) =>
            {
                var stored = await SubmitSharedAsync(group, token).ConfigureAwait(false);
                lock (pending)
                {
                    foreach (var (index, outcome) in stored)
                    {
                        results[index] = outcome.Result;
                        if (outcome.Pending is { } key)
                        {
                            pending.Add(key);
                        }
                    }
                }
            }).ConfigureAwait(false);
            unavailable = results.Any(r => r?.NotStored == true);
        }

        // Numbered in shared rounds before answering, as a single write is.
        await Task.WhenAll(pending.Select(key => SettleAsync(key, cancellationToken))).ConfigureAwait(false);
        return [.. results.Select(r => r ?? BulkSaveResult.Unavailable)];
    }

    private static List<List<(int Index, PreparedSave Save)>> PackTransactions(IEnumerable<(int Index, PreparedSave Save)> saves)
    {
        var groups = new List<List<(int, PreparedSave)>>();
        foreach (var shard in saves.GroupBy(s => s.Save.Actions!.Partition, StringComparer.Ordinal))
        {
            var current = new List<(int, PreparedSave)>();
            int operations = 0;
            long bytes = 0;
            foreach (var save in shard)
            {
                var ops = save.Save.Actions!.Count;
                var size = save.Save.Actions.ToList().Sum(a => a.Entity is TableEntity e ? WireBytes(e) : 1024);
                if (current.Count > 0 && (operations + ops > BulkOperations || bytes + size > BulkBytes))
                {
                    groups.Add(current);
                    current = [];
                    operations = 0;
                    bytes = 0;
                }

                current.Add(save);
                operations += ops;
                bytes += size;
            }

            groups.Add(current);
        }

        return groups;
    }

    private sealed record SharedOutcome(BulkSaveResult Result, PendingKey? Pending);

    /// <summary>One shared transaction; when it fails (another writer got to one of its articles first), each article on its own.</summary>
    private async Task<List<(int Index, SharedOutcome Outcome)>> SubmitSharedAsync(List<(int Index, PreparedSave Save)> group, CancellationToken cancellationToken)
    {
        var done = new List<(int, SharedOutcome)>(group.Count);
        try
        {
            if (group.Count == 1)
            {
                await Guard(async () => { await SubmitAsync(group[0].Save.Actions!, cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
            }
            else
            {
                var shared = new RowActions(group[0].Save.Actions!.Partition);
                shared.AddRange(group.SelectMany(g => g.Save.Actions!.ToList()));
                await Guard(async () => { await SubmitAsync(shared, cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
            }

            foreach (var (index, save) in group)
            {
                await FinishSaveAsync(save, cancellationToken).ConfigureAwait(false);
                done.Add((index, new SharedOutcome(BulkSaveResult.Saved(save.Outcome!), save.Pending)));
            }

            return done;
        }
        catch (StorageUnavailableException)
        {
            return [.. group.Select(g => (g.Index, new SharedOutcome(BulkSaveResult.Unavailable, null)))];
        }
        catch (Exception ex) when (ex is WriteConflictException or TableTransactionFailedException)
        {
            // Fall through: each article again from fresh reads, as a single write.
        }

        foreach (var (index, save) in group)
        {
            var article = save.Outcome!.Stored.Article;
            try
            {
                var written = await Guard(() => RetryConflictsAsync(article.Id, () => TrySaveAsync(article, WriteMode.Upsert, null, cancellationToken), cancellationToken)).ConfigureAwait(false);
                done.Add((index, new SharedOutcome(BulkSaveResult.Saved(written.Outcome!), written.Pending)));
            }
            catch (ArticleValidationException ex)
            {
                done.Add((index, new SharedOutcome(BulkSaveResult.Refused(ex), null)));
            }
            catch (StorageUnavailableException)
            {
                done.Add((index, new SharedOutcome(BulkSaveResult.Unavailable, null)));
            }
        }

        return done;
    }
}
