using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The sequencer: turns the pending changes that writes leave in their shards into the change feed, and keeps the
/// counters, section names and schedule, all in the one state row of <see cref="ArticleKeys.ChangesPartition"/>.
/// A round reads the state and every shard's pending rows (in parallel), numbers a batch of them in order, and
/// commits the change rows with the state in one transaction guarded by the state's ETag, so numbers are gapless
/// and each change is numbered once whichever instance runs the round. The state remembers the batch it numbered;
/// the next round deletes those pending rows if they are still there instead of numbering them again.
/// A write waits for the round that numbers its change (rounds of one instance take turns, and one round numbers
/// every write waiting by then), so writers share rounds instead of contending on a row.
/// </summary>
public sealed partial class TableArticleStore
{
    /// <summary>Pending rows read per shard per round.</summary>
    private const int PendingScanPerShard = 100;

    /// <summary>Changes numbered per round: with pruning (at most 21) and the state row, within the 100 operations of a transaction.</summary>
    private const int ChangesPerRound = 64;

    /// <summary>Bytes of change rows per round, within the 4 MiB a transaction carries (binary grows by a third in base64).</summary>
    private const long BytesPerRound = 3L * 1024 * 1024;

    /// <summary>Scheduled articles whose time has come, turned into changes per round (each needs a point read).</summary>
    private const int PromotionsPerRound = 8;

    private const int MaxRoundRetries = 40;

    private static readonly HashSet<string> NotCarried = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag", "ArticleId", KindProperty, AtProperty, RevisionProperty, TouchProperty,
        OldSectionProperty, OldPublishedProperty, NewSectionProperty, NewNameProperty, NewPublishedProperty, ScheduledProperty,
        ListedAtProperty, StateProperty,
    };

    private readonly SemaphoreSlim _sequencerTurn = new(1, 1);
    private readonly Lock _waitersLock = new();
    private readonly Dictionary<PendingKey, Waiter> _waiters = [];
    private long _tickets;

    /// <summary>Where a pending change is: its shard and row key. Stored in the state as <c>{partition} {rowKey}</c>.</summary>
    private readonly record struct PendingKey(string Partition, string RowKey)
    {
        public override string ToString() => Partition + " " + RowKey;

        /// <summary>The key a state's last batch stores as text, or null for text that is not one.</summary>
        public static PendingKey? Parse(string text) => text.Split(' ') is [var partition, var rowKey] ? new PendingKey(partition, rowKey) : null;
    }

    /// <param name="Ticket">Taken after the write committed: a round that started later and did not find the row knows it was numbered.</param>
    private sealed record Waiter(long Ticket, TaskCompletionSource Done);

    /// <summary>A change to number: a pending row, or a scheduled article whose time has come.</summary>
    private sealed record RoundItem(DateTimeOffset At, string Id, long Revision, TableEntity? Pending, ListingStats.ScheduledEntry? Due, long Bytes);

    /// <summary>The state after a round, and whether changes are still waiting.</summary>
    private sealed record RoundResult(ListingStats State, bool More);

    /// <summary>Waits until the change at <paramref name="key"/> is numbered, running rounds in this instance's turn.</summary>
    private async Task SettleAsync(PendingKey? key, CancellationToken cancellationToken)
    {
        if (key is not { } pending)
        {
            return;
        }

        var waiter = new Waiter(Interlocked.Increment(ref _tickets), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_waitersLock)
        {
            _waiters[pending] = waiter;
        }

        try
        {
            for (var tries = 1; !waiter.Done.Task.IsCompleted; tries++)
            {
                var turn = _sequencerTurn.WaitAsync(cancellationToken);
                if (await Task.WhenAny(turn, waiter.Done.Task).ConfigureAwait(false) == waiter.Done.Task)
                {
                    // Numbered by the round that held the turn: give the turn back when it comes.
                    _ = turn.ContinueWith(t => _sequencerTurn.Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                    return;
                }

                await turn.ConfigureAwait(false);
                var lost = false;
                try
                {
                    if (!waiter.Done.Task.IsCompleted)
                    {
                        await RoundAsync(scanWhenSettled: false, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (WriteConflictException) when (tries < MaxRoundRetries)
                {
                    lost = true;
                }
                catch (Exception ex) when (ex is WriteConflictException or RequestFailedException or HttpRequestException or AggregateException or StorageUnavailableException)
                {
                    // The write is stored; its change waits for the next round (every write and change-feed read runs one).
                    LogSequencingDeferred(logger, ex, pending.RowKey);
                    return;
                }
                finally
                {
                    _sequencerTurn.Release();
                }

                if (lost)
                {
                    SyndicationMetrics.SequencerConflicts.Add(1);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + Math.Min(tries, 10) * 5)), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The caller went away; the write is stored and the next round numbers its change.
        }
        finally
        {
            lock (_waitersLock)
            {
                _waiters.Remove(pending);
            }
        }
    }

    /// <summary>
    /// Runs one round when no round of this instance is running (a running one numbers what waits), and returns the
    /// state: after the round, or as stored when another round is running or another instance's round won.
    /// </summary>
    private async Task<ListingStats?> SequenceIfIdleAsync(CancellationToken cancellationToken)
    {
        if (!await _sequencerTurn.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return (await RoundAsync(scanWhenSettled: true, cancellationToken).ConfigureAwait(false)).State;
        }
        catch (WriteConflictException)
        {
            // Another instance's round committed first: it numbered what was waiting.
            SyndicationMetrics.SequencerConflicts.Add(1);
            return await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sequencerTurn.Release();
        }
    }

    /// <summary>Runs rounds until nothing is waiting: after restores and migrations, which do not wait for their changes one by one.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _sequencerTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var tries = 1; ;)
            {
                try
                {
                    if (!(await RoundAsync(scanWhenSettled: true, cancellationToken).ConfigureAwait(false)).More)
                    {
                        return;
                    }
                }
                catch (WriteConflictException ex) when (tries++ >= MaxRoundRetries)
                {
                    throw new StorageUnavailableException("Too many concurrent writes; try again.", ex);
                }
                catch (WriteConflictException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 50)), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _sequencerTurn.Release();
        }
    }

    /// <param name="scanWhenSettled">
    /// Scan the shards even when no change of this instance is waiting and nothing is due (to number changes whose
    /// writers stopped); otherwise the round ends after reading the state.
    /// </param>
    private async Task<RoundResult> RoundAsync(bool scanWhenSettled, CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Read(ref _tickets);

        // The state first, then the scans: a key of its last batch that a scan started after it does not find was
        // deleted, because that batch's round deletes its rows only after committing that state. A scan served before
        // the state could miss a row written just after it, which that batch numbered and whose delete is still to
        // come; dropping the key from the batch would let the next round number it again.
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false) ?? ListingStats.EmptyState();

        // Changes of this instance that another instance's round numbered are in its last batch: no scan needed to
        // know that. When none is left waiting and nothing is due, the round ends here.
        if (!CompleteNumberedBy(state) && !scanWhenSettled && !state.Due(time.GetUtcNow()).Any())
        {
            return new RoundResult(state, false);
        }

        var scans = await Task.WhenAll(ArticleKeys.Shards.Select(shard => ReadRangeAsync(
            shard, RangeFrom(ArticleKeys.Pending, inclusive: true), ArticleKeys.End(ArticleKeys.Pending), PendingScanPerShard, cancellationToken))).ConfigureAwait(false);
        var now = time.GetUtcNow();

        // Where each shard's scan stopped: a waiting key before it (or any, when the scan saw the whole shard) that
        // is not there any more was numbered by another instance's round.
        var scanEnds = scans.Where(rows => rows.Count >= PendingScanPerShard).ToDictionary(rows => rows[^1].PartitionKey, rows => rows[^1].RowKey, StringComparer.Ordinal);
        var found = scans.SelectMany(rows => rows).ToList();
        var lastBatch = state.LastBatch.ToHashSet(StringComparer.Ordinal);
        var leftovers = found.Where(r => lastBatch.Contains(KeyOf(r).ToString())).Select(KeyOf).ToList();
        var fresh = found.Where(r => !lastBatch.Contains(KeyOf(r).ToString())).ToList();
        var due = state.Due(now).OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).Take(PromotionsPerRound).ToList();
        var waiting = fresh.Select(KeyOf).ToHashSet();

        if (fresh.Count == 0 && due.Count == 0)
        {
            CompleteWaiters(ticket, waiting, scanEnds, []);
            await DeletePendingAsync(leftovers, strict: false, cancellationToken).ConfigureAwait(false);
            return new RoundResult(state, false);
        }

        var selected = Select(Order(fresh, due));
        var promotedRows = await Task.WhenAll(selected.Select(item => item.Due is { } entry
            ? ReadArticleRowAsync(entry.Id, cancellationToken)
            : Task.FromResult<TableEntity?>(null))).ConfigureAwait(false);

        // Rows the last round numbered go first: once the state moves on, nothing else says they were numbered.
        await DeletePendingAsync(leftovers, strict: true, cancellationToken).ConfigureAwait(false);

        var actions = new RowActions(ArticleKeys.ChangesPartition);
        for (var i = 0; i < selected.Count; i++)
        {
            var item = selected[i];
            if (item.Due is { } entry)
            {
                Promote(actions, state, entry, promotedRows[i]);
            }
            else
            {
                await ApplyPendingAsync(actions, state, item.Pending!, now, cancellationToken).ConfigureAwait(false);
            }
        }

        await PruneChangesAsync(actions, state, now, cancellationToken).ConfigureAwait(false);
        var numbered = selected.Where(i => i.Pending is not null).Select(i => KeyOf(i.Pending!)).ToList();
        // A key of the last batch beyond where its shard's scan stopped may still be there, unseen: it stays in the
        // batch, so no later round numbers it again.
        var unseen = state.LastBatch.Where(k => PendingKey.Parse(k) is { } key
            && scanEnds.TryGetValue(key.Partition, out var end) && string.CompareOrdinal(key.RowKey, end) > 0);
        state.LastBatch = numbered.Select(k => k.ToString()).Concat(unseen).ToList();
        actions.Add(state.ToAction());
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        waiting.ExceptWith(numbered);
        CompleteWaiters(ticket, waiting, scanEnds, numbered.Concat(leftovers));
        await DeletePendingAsync(numbered, strict: false, cancellationToken).ConfigureAwait(false);
        var more = selected.Count < fresh.Count + due.Count || scanEnds.Count > 0 || state.Due(now).Any();
        return new RoundResult(state, more);
    }

    private static PendingKey KeyOf(TableEntity row) => new(row.PartitionKey, row.RowKey);

    /// <summary>Completes the waiters whose change is in the state's last batch; answers whether any is still waiting.</summary>
    private bool CompleteNumberedBy(ListingStats state)
    {
        lock (_waitersLock)
        {
            foreach (var key in state.LastBatch)
            {
                if (PendingKey.Parse(key) is { } pending && _waiters.TryGetValue(pending, out var waiter))
                {
                    waiter.Done.TrySetResult();
                }
            }

            return _waiters.Values.Any(w => !w.Done.Task.IsCompleted);
        }
    }

    /// <summary>
    /// Commit order: by when each change happened, the id breaking ties; an article's own changes always in the order
    /// of its revisions, whatever the clocks of the instances that wrote them.
    /// </summary>
    private static List<RoundItem> Order(List<TableEntity> pending, List<ListingStats.ScheduledEntry> due)
    {
        var items = pending.Select(row => new RoundItem(
                row.GetDateTimeOffset(AtProperty) ?? row.Timestamp ?? DateTimeOffset.UnixEpoch, row.GetString("ArticleId") ?? "", row.GetInt64(RevisionProperty) ?? 0, row, null, WireBytes(row)))
            .Concat(due.Select(entry => new RoundItem(entry.At, entry.Id, 0, null, entry, 64 * 1024)))
            .OrderBy(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal).ThenBy(i => i.Revision)
            .ToList();
        foreach (var group in items.Select((item, index) => (item, index)).Where(x => x.item.Pending is not null).GroupBy(x => x.item.Id, StringComparer.Ordinal))
        {
            var slots = group.Select(x => x.index).ToList();
            var inRevisionOrder = group.Select(x => x.item).OrderBy(i => i.Revision).ToList();
            for (var k = 0; k < slots.Count; k++)
            {
                items[slots[k]] = inRevisionOrder[k];
            }
        }

        return items;
    }

    /// <summary>The first items that fit one transaction.</summary>
    private static List<RoundItem> Select(List<RoundItem> ordered)
    {
        var selected = new List<RoundItem>();
        long bytes = 0;
        foreach (var item in ordered)
        {
            if (selected.Count >= ChangesPerRound || (selected.Count > 0 && bytes + item.Bytes > BytesPerRound))
            {
                break;
            }

            selected.Add(item);
            bytes += item.Bytes;
        }

        return selected;
    }

    /// <summary>What a row costs on the wire in a transaction: binary in base64, text in UTF-8, and room for the rest.</summary>
    private static long WireBytes(TableEntity row)
        => 1024 + row.Sum(p => p.Value switch
        {
            byte[] b => b.LongLength * 4 / 3,
            BinaryData d => d.ToMemory().Length * 4L / 3,
            string s => s.Length * 3L,
            _ => 32L,
        });

    private void CompleteWaiters(long ticket, HashSet<PendingKey> stillWaiting, Dictionary<string, string> scanEnds, IEnumerable<PendingKey> numbered)
    {
        lock (_waitersLock)
        {
            foreach (var key in numbered)
            {
                if (_waiters.TryGetValue(key, out var waiter))
                {
                    waiter.Done.TrySetResult();
                }
            }

            foreach (var (key, waiter) in _waiters)
            {
                var seen = !scanEnds.TryGetValue(key.Partition, out var end) || string.CompareOrdinal(key.RowKey, end) < 0;
                if (waiter.Ticket <= ticket && seen && !stillWaiting.Contains(key))
                {
                    waiter.Done.TrySetResult();
                }
            }
        }
    }

    /// <summary>Deletes numbered pending rows, a transaction per shard (one by one if that fails); <paramref name="strict"/>: failures throw.</summary>
    private async Task DeletePendingAsync(List<PendingKey> keys, bool strict, CancellationToken cancellationToken)
    {
        var shards = keys.GroupBy(k => k.Partition, StringComparer.Ordinal).Select(async shard =>
        {
            try
            {
                await _table.SubmitTransactionAsync(shard.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.RowKey), ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException)
            {
                // One of them was gone already (another round deleted it): delete the rest one by one.
                foreach (var key in shard)
                {
                    try
                    {
                        await _table.DeleteEntityAsync(key.Partition, key.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.Status == 404)
                    {
                    }
                }
            }
        });
        try
        {
            await Task.WhenAll(shards).ConfigureAwait(false);
        }
        catch (Exception ex) when (!strict && ex is RequestFailedException or HttpRequestException)
        {
            // Left for the next round, which finds them in the state's last batch.
        }
    }

    /// <summary>Counts an article in and out and gives its change the next number.</summary>
    private async Task ApplyPendingAsync(RowActions actions, ListingStats state, TableEntity row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = row.GetString("ArticleId") ?? "";
        var old = row.GetString(OldSectionProperty) is { } oldSlug && row.GetDateTimeOffset(OldPublishedProperty) is { } oldPublished
            ? new Counted(oldSlug, null, oldPublished)
            : null;
        var current = row.GetString(NewSectionProperty) is { } slug && row.GetDateTimeOffset(NewPublishedProperty) is { } published
            ? new Counted(slug, row.GetString(NewNameProperty) ?? slug, published)
            : null;
        await CountAsync(state, id, old, current, now, cancellationToken).ConfigureAwait(false);

        state.Schedule.RemoveAll(e => e.Id == id);
        if (current is not null && row.GetBoolean(ScheduledProperty) == true)
        {
            state.Schedule.Add(new ListingStats.ScheduledEntry(id, current.Slug, current.Published));
        }

        if (row.GetString(KindProperty) is { } kind)
        {
            AddChange(actions, state, kind, id, row.GetDateTimeOffset(AtProperty) ?? now, kind == ChangeKinds.Withdrawn ? null : row);
        }

        if (row.GetBoolean(TouchProperty) == true)
        {
            state.Touch(now);
        }
    }

    /// <summary>A scheduled article whose time has come: its <c>published</c> change, and its date folded into the counters.</summary>
    private static void Promote(RowActions actions, ListingStats state, ListingStats.ScheduledEntry entry, TableEntity? row)
    {
        if (!state.Schedule.Remove(entry))
        {
            // Moved or cancelled by a change numbered earlier in this round.
            return;
        }

        if (row is null || IsTombstone(row))
        {
            return;
        }

        AddChange(actions, state, ChangeKinds.Published, entry.Id, entry.At, row);
        state.Promoted++;
        state.Latest = Max(state.Latest, entry.At);
        state.First = Min(state.First, entry.At);
        state.LastModified = Max(state.LastModified, entry.At)!.Value;
        if (state.Sections.TryGetValue(entry.Section, out var counters))
        {
            state.Sections[entry.Section] = counters with { Latest = Max(counters.Latest, entry.At) };
        }
    }

    /// <summary>Appends a change with the next sequence number, carrying the article of <paramref name="source"/> (none for a withdrawal).</summary>
    private static void AddChange(RowActions actions, ListingStats state, string kind, string id, DateTimeOffset at, TableEntity? source)
    {
        state.Sequence++;
        var change = new TableEntity(ArticleKeys.ChangesPartition, ArticleKeys.Change(state.Sequence))
        {
            [KindProperty] = kind,
            ["ArticleId"] = id,
            [AtProperty] = at,
        };
        if (source is not null)
        {
            foreach (var (name, value) in source)
            {
                if (!NotCarried.Contains(name))
                {
                    change[name] = value;
                }
            }
        }

        state.OldestChangeAt ??= at;
        actions.Put(change, null);
    }

    /// <summary>
    /// Drops changes older than the retention, a few at a time, when the state says the oldest kept one is past it
    /// (no query otherwise). A cursor before the oldest kept change is then answered 410.
    /// </summary>
    private async Task PruneChangesAsync(RowActions actions, ListingStats state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(options.Value.ChangeRetentionDays);
        if (state.OldestChangeAt is not { } oldestAt || oldestAt >= cutoff)
        {
            return;
        }

        var rows = await ReadRangeAsync(ArticleKeys.ChangesPartition, RangeFrom(ArticleKeys.Change(0), inclusive: false), ArticleKeys.End(ArticleKeys.Changes), 21, cancellationToken, ["RowKey", AtProperty]).ConfigureAwait(false);
        foreach (var row in rows.Take(20))
        {
            if ((row.GetDateTimeOffset(AtProperty) ?? now) >= cutoff)
            {
                state.OldestSequence = ArticleKeys.ParseChange(row.RowKey);
                state.OldestChangeAt = row.GetDateTimeOffset(AtProperty);
                return;
            }

            actions.Delete(row.RowKey);
            state.OldestSequence = ArticleKeys.ParseChange(row.RowKey) + 1;
        }

        state.OldestChangeAt = rows.Count > 20 ? rows[20].GetDateTimeOffset(AtProperty) : null;
    }

    /// <summary>What the counters count of an article: its section (and name), its publication date.</summary>
    private sealed record Counted(string Slug, string? Name, DateTimeOffset Published);

    /// <summary>
    /// Counts an article in (<paramref name="current"/>) and out (<paramref name="old"/>): counts, the newest and oldest
    /// public dates (read again from the listings when they may fall back), and section names.
    /// </summary>
    private async Task CountAsync(ListingStats state, string id, Counted? old, Counted? current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var currentPublished = current is not null && current.Published <= now ? current.Published : (DateTimeOffset?)null;
        state.Count += (current is null ? 0 : 1) - (old is null ? 0 : 1);
        state.Latest = old is not null && (currentPublished is null || currentPublished < old.Published)
            ? Max(await LatestOtherAsync(ArticleKeys.AllListing, id, now, cancellationToken).ConfigureAwait(false), currentPublished)
            : Max(state.Latest, currentPublished);

        foreach (var slug in new[] { current?.Slug, old?.Slug }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var counters = state.Sections.TryGetValue(slug, out var known) ? known : new ListingStats.SectionCounters(current?.Name ?? slug, 0, null);
            var holdsNew = current?.Slug == slug;
            var heldOld = old?.Slug == slug;
            var count = counters.Count + (holdsNew ? 1 : 0) - (heldOld ? 1 : 0);
            var published = holdsNew ? currentPublished : null;
            var latest = heldOld && (published is null || published < old!.Published)
                ? Max(await LatestOtherAsync(ArticleKeys.SectionListing(slug), id, now, cancellationToken).ConfigureAwait(false), published)
                : Max(counters.Latest, published);

            // Kept with no article, so the slug keeps its name if it is used again.
            state.Sections[slug] = new ListingStats.SectionCounters(holdsNew ? current!.Name ?? counters.Name : counters.Name, Math.Max(count, 0), count > 0 ? latest : null);
        }

        state.First = old is not null && (currentPublished is null || currentPublished > old.Published)
            ? Min(await OldestOtherAsync(id, now, cancellationToken).ConfigureAwait(false), currentPublished)
            : Min(state.First, currentPublished);
    }

    /// <summary>The newest publication date, public at <paramref name="now"/>, of a listing's articles other than <paramref name="id"/>.</summary>
    private Task<DateTimeOffset?> LatestOtherAsync(string listing, string id, DateTimeOffset now, CancellationToken cancellationToken)
        => FirstOtherAsync(listing, RangeFrom(ArticleKeys.Instant(listing, now), inclusive: true), id, cancellationToken);

    /// <summary>The oldest publication date, public at <paramref name="now"/>, of the articles other than <paramref name="id"/>.</summary>
    private async Task<DateTimeOffset?> OldestOtherAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var listing = ArticleKeys.AscendingListing;
        var oldest = await FirstOtherAsync(listing, RangeFrom(ArticleKeys.Stats(listing), inclusive: false), id, cancellationToken).ConfigureAwait(false);
        return oldest <= now ? oldest : null;
    }

    /// <summary>The instant of the first entry from <paramref name="from"/> in a listing that is not <paramref name="id"/>: two keys per shard, no bodies.</summary>
    private async Task<DateTimeOffset?> FirstOtherAsync(string listing, string from, string id, CancellationToken cancellationToken)
    {
        var rows = await ReadShardsAsync(from, ArticleKeys.End(listing), 2, cancellationToken, ["RowKey"]).ConfigureAwait(false);
        return rows.Select(r => ArticleKeys.ParseEntry(listing, r.RowKey)).Where(e => e.Id != id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
    }

    /// <summary>
    /// The sequencer's state: the counters, names, schedule and sequence. A store upgraded from layout 2 starts from
    /// layout 2's counters row (its sequence, so cursors issued before the upgrade go on; its names), with nothing
    /// counted yet: its migration counts each article as it moves it.
    /// </summary>
    private async Task<ListingStats?> ReadStateAsync(CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.ChangesPartition, ArticleKeys.StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.HasValue)
        {
            return ListingStats.FromEntity(response.Value!);
        }

        var legacy = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.LegacyPartition, ArticleKeys.Stats(ArticleKeys.AllListing), cancellationToken: cancellationToken).ConfigureAwait(false);
        return legacy.HasValue ? ListingStats.SeedFromLayout2(legacy.Value!) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change of {PendingKey} is stored but not numbered yet; the next round numbers it")]
    private static partial void LogSequencingDeferred(ILogger logger, Exception exception, string pendingKey);
}
