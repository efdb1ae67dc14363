using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The store as a whole, for backups and layout migrations: every article in its state, the raw change feed and
/// its position, read in key order; and the writes that put them back with their own instants (not "now").
/// </summary>
public sealed partial class TableArticleStore : IArticleArchive
{
    /// <summary>How a write from an archive or an older layout differs from a publisher's (see <see cref="RestoreAsync"/>).</summary>
    private sealed record Restoring(DateTimeOffset? ListedAt, bool Scheduled, bool KeepNewer, bool AddChange);

    public Task<bool> RestoreAsync(ArchivedArticle record, RestoreMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var keepNewer = mode is RestoreMode.KeepNewer or RestoreMode.Move;

        // A migrated article from layout 1 enters the change feed as published; an imported or moved one's changes come as they were.
        var restoring = new Restoring(record.ListedAt ?? record.WithdrawnAt, record.State == ArchivedStates.Scheduled, keepNewer, AddChange: mode == RestoreMode.KeepNewer);
        if (record.State == ArchivedStates.Withdrawn)
        {
            return Guard(() => RetryConflictsAsync(record.Id, () => TryRestoreWithdrawnAsync(record, restoring, cancellationToken), cancellationToken));
        }

        var article = record.Article ?? throw new InvalidDataException($"The archived article '{record.Id}' has no content.");
        article = article with { Published = WholeSeconds(article.Published), Updated = WholeSeconds(article.Updated) };

        // Restores do not wait for the sequencer one by one: SettleAsync (and RestorePositionAsync) drain it.
        return Guard(async () => (await RetryConflictsAsync(
            article.Id, () => TrySaveAsync(article, WriteMode.Upsert, null, cancellationToken, restoring), cancellationToken).ConfigureAwait(false)).Pending is not null);
    }

    public Task SettleAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    private async Task<bool> TryRestoreWithdrawnAsync(ArchivedArticle record, Restoring restoring, CancellationToken cancellationToken)
    {
        var row = await ReadArticleRowAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            if (restoring.KeepNewer || IsTombstone(row))
            {
                return false;
            }

            // The archive saw it withdrawn after an earlier line restored it: withdraw it, at the archived instant.
            return (await TryDeleteAsync(record.Id, null, cancellationToken, restoring with { AddChange = false }).ConfigureAwait(false)).Outcome == DeleteOutcome.Withdrawn;
        }

        var withdrawnAt = record.WithdrawnAt ?? time.GetUtcNow();
        var section = record.Section ?? "";
        var partition = ArticleKeys.PartitionOf(record.Id);
        var actions = new RowActions(partition);
        actions.Put(new TableEntity(partition, ArticleKeys.Article(record.Id))
        {
            [StateProperty] = Withdrawn,
            [WithdrawnAtProperty] = withdrawnAt,
            ["Section"] = section,
            ["ArticleId"] = record.Id,
            [RevisionProperty] = NextRevision(null, withdrawnAt),
        }, null);
        foreach (var feed in new[] { ArticleKeys.AllFeed, ArticleKeys.SectionFeed(section) })
        {
            actions.Put(new TableEntity(partition, ArticleKeys.Entry(feed, withdrawnAt, record.Id)) { [KindProperty] = Withdrawn, ["ArticleId"] = record.Id }, null);
        }

        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<ArchivePosition> ReadPositionAsync(CancellationToken cancellationToken)
        => Guard(async () =>
        {
            // Every write committed by now is numbered first, so the position (and its ETag) covers it.
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.ChangesPartition, ArticleKeys.StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue)
            {
                return new ArchivePosition(null, null, 0, 1, null, new Dictionary<string, string>(StringComparer.Ordinal), []);
            }

            var stats = ListingStats.FromEntity(response.Value!);
            return new ArchivePosition(
                response.Value!.ETag.ToString(), response.Value.Timestamp, stats.Sequence, stats.OldestSequence, stats.OldestChangeAt,
                stats.Sections.ToDictionary(s => s.Key, s => s.Value.Name, StringComparer.Ordinal),
                stats.Schedule.Select(s => s.Id).ToList());
        });

    public async IAsyncEnumerable<ArchivedArticle> ReadArchivedArticlesAsync(
        DateTimeOffset? changedSince, IReadOnlyCollection<string> scheduled, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        foreach (var shard in ArticleKeys.Shards)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey ge {ArticleKeys.Article("")} and RowKey lt {ArticleKeys.End(ArticleKeys.Article(""))}");
            if (changedSince is { } since)
            {
                filter += " and " + TableClient.CreateQueryFilter($"Timestamp ge {since}");
            }

            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var id = row.RowKey[ArticleKeys.Article("").Length..];
                if (IsTombstone(row))
                {
                    yield return new ArchivedArticle(id, ArchivedStates.Withdrawn, null, row.GetDateTimeOffset(WithdrawnAtProperty), row.GetString("Section"), null);
                    continue;
                }

                var article = await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false);
                var state = scheduled.Contains(id) ? ArchivedStates.Scheduled : ArchivedStates.Public;
                yield return new ArchivedArticle(id, state, row.GetDateTimeOffset(ListedAtProperty) ?? article.Published, null, article.Section.Slug, article);
            }
        }
    }

    public async IAsyncEnumerable<ArchivedChange> ReadArchivedChangesAsync(long after, long upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partitions = new List<string> { ArticleKeys.ChangesPartition };
        if ((await ReadStateAsync(cancellationToken).ConfigureAwait(false))?.LegacyChanges == true)
        {
            partitions.Add(ArticleKeys.LegacyPartition);
        }

        for (var from = after; ;)
        {
            // A page from each partition that holds changes, merged: the numbers are one sequence.
            var pages = await Task.WhenAll(partitions.Select(p => ReadRangeAsync(p, RangeFrom(ArticleKeys.Change(from), inclusive: false), ArticleKeys.Change(upTo + 1), 100, cancellationToken))).ConfigureAwait(false);
            var rows = pages.SelectMany(p => p).DistinctBy(r => r.RowKey).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(100).ToList();
            if (rows.Count == 0)
            {
                yield break;
            }

            foreach (var row in rows)
            {
                var kind = row.GetString(KindProperty) ?? ChangeKinds.Updated;
                var article = kind == ChangeKinds.Withdrawn ? null : await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false);
                yield return new ArchivedChange(ArticleKeys.ParseChange(row.RowKey), kind, row.GetString("ArticleId") ?? "", row.GetDateTimeOffset(AtProperty) ?? DateTimeOffset.UnixEpoch, article);
            }

            from = ArticleKeys.ParseChange(rows[^1].RowKey);
        }
    }

    public Task RestoreChangeAsync(ArchivedChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Guard(async () =>
        {
            var row = new TableEntity(ArticleKeys.ChangesPartition, ArticleKeys.Change(change.Sequence))
            {
                [KindProperty] = change.Kind,
                ["ArticleId"] = change.Id,
                [AtProperty] = change.At,
            };
            if (change.Article is { } article)
            {
                var fingerprint = ArticleFingerprint.Compute(article);
                var body = ArticleEntityCodec.Encode(article, fingerprint);
                if (body.BlobName is not null)
                {
                    await _content.GetBlobClient(body.BlobName).UploadAsync(BinaryData.FromBytes(body.Bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
                }

                ArticleEntityCodec.Write(row, article, fingerprint, body);
            }

            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public Task RestorePositionAsync(ArchivePosition position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Guard(async () =>
        {
            // The restored articles are counted first; then the position goes on top.
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            return await RetryConflictsAsync("(position)", async () =>
            {
                var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false) ?? ListingStats.EmptyState();
                state.Sequence = Math.Max(state.Sequence, position.Sequence);
                state.OldestSequence = position.OldestSequence;
                state.OldestChangeAt = position.OldestChangeAt;
                foreach (var (slug, name) in position.SectionNames)
                {
                    state.Sections[slug] = state.Sections.TryGetValue(slug, out var counters) ? counters with { Name = name } : new ListingStats.SectionCounters(name, 0, null);
                }

                // Scheduled articles the archive saw promoted (their change is in the archive) are no longer waiting.
                state.Schedule.RemoveAll(e => !position.Scheduled.Contains(e.Id));
                var actions = new RowActions(ArticleKeys.ChangesPartition);
                actions.Add(state.ToAction());
                await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        });
    }

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
        => Guard(async () =>
        {
            foreach (var partition in ArticleKeys.Shards.Append(ArticleKeys.ChangesPartition))
            {
                await foreach (var _ in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        });
}
