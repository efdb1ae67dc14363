using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using ArticleEncodedBody = SyndicationFunctions.Storage.ArticleEntityCodec.EncodedBody;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Articles in Azure Table Storage (layout in <see cref="ArticleKeys"/>, rules in docs/STORAGE.md). Every write
/// is one entity-group transaction guarded by ETags, retried from fresh reads when another writer won; the
/// every-article counters row is in every write, so writes (and change-feed sequence numbers) are serialised.
/// </summary>
public sealed partial class TableArticleStore(
    StorageClients clients,
    ArticleChangeSignal changes,
    SectionNames sectionNames,
    IOptions<SyndicationOptions> options,
    TimeProvider time,
    ILogger<TableArticleStore> logger) : IArticleStore, IDisposable
{
    /// <summary>
    /// Every write also replaces the counter rows, so concurrent writes contend on them; each retry starts
    /// from fresh reads after a short random pause.
    /// </summary>
    private const int MaxConflictRetries = 40;

    /// <summary>Scheduled articles turned into change-feed entries per transaction (each carries the article).</summary>
    private const int PromotionsPerTransaction = 4;

    /// <summary>How many articles may wait for their publication time at once (they are listed in one counters row).</summary>
    public const int MaxScheduled = 500;

    private const string StateProperty = "State";
    private const string ListedAtProperty = "ListedAt";
    private const string WithdrawnAtProperty = "WithdrawnAt";
    private const string KindProperty = "Kind";
    private const string AtProperty = "At";
    private const string Withdrawn = "withdrawn";

    /// <summary>The kind of a tag or author feed row saying an article left that feed (see <see cref="LeaveFeeds"/>).</summary>
    private const string Left = "left";
    private const string TombstoneFeedsProperty = "Feeds";
    private const string BodyInArticleRowProperty = "BodyInArticleRow";

    /// <summary>
    /// The largest body a tag's or author's feed row carries itself (one chunk, no blob). With up to 12 such rows an
    /// article's transaction stays within Table Storage's 4 MiB: 6 x 320 KiB + 12 x 32 KiB, a third more in base64.
    /// </summary>
    private const int MaxTagFeedInlineBytes = 32 * 1024;

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ArticlesTable);
    private readonly BlobContainerClient _content = clients.Blobs.GetBlobContainerClient(StorageNames.ContentContainer);

    // Writers of one instance take turns instead of racing each other into ETag conflicts; other instances race, and retry.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    public void Dispose() => _writeTurn.Dispose();

    // ---- Reads ----

    public Task<ArticleLookup> FindAsync(string id, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var row = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return ArticleLookup.None;
            }

            return IsTombstone(row)
                ? new ArticleLookup(null, row.GetDateTimeOffset(WithdrawnAtProperty))
                : new ArticleLookup(await ToStoredAsync(row, cancellationToken).ConfigureAwait(false), null);
        });

    public Task<ArticlePage> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var listing = section is null ? ArticleKeys.AllListing : ArticleKeys.SectionListing(section);
        var after = DecodeCursor(listing, cursor);
        return Guard(async () =>
        {
            var now = time.GetUtcNow();
            var from = after is null ? RangeFrom(ArticleKeys.Instant(listing, now), inclusive: true) : RangeFrom(after, inclusive: false);
            var rows = await ReadRangeAsync(from, ArticleKeys.End(listing), limit + 1, cancellationToken).ConfigureAwait(false);
            var page = rows.Take(limit).ToList();
            var items = await ReadArticlesAsync(page, cancellationToken).ConfigureAwait(false);
            var next = rows.Count > limit ? ListingCursor.Encode(page[^1].RowKey) : null;
            return new ArticlePage(section is null || items.Count == 0 ? null : items[0].Section, items, next);
        });
    }

    public Task<ArticlePage> ListScheduledAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = DecodeCursor(ArticleKeys.AllListing, cursor);
        return Guard(async () =>
        {
            // Publication order puts the future first: the scheduled ones are the range before the present.
            var present = ArticleKeys.Instant(ArticleKeys.AllListing, time.GetUtcNow());
            var from = after is null ? RangeFrom(ArticleKeys.Stats(ArticleKeys.AllListing), inclusive: false) : RangeFrom(after, inclusive: false);
            var rows = await ReadRangeAsync(from, present, limit + 1, cancellationToken).ConfigureAwait(false);
            var page = rows.Take(limit).ToList();
            var items = await ReadArticlesAsync(page, cancellationToken).ConfigureAwait(false);
            return new ArticlePage(null, items, rows.Count > limit ? ListingCursor.Encode(page[^1].RowKey) : null);
        });
    }

    public Task<FeedPage?> ReadFeedAsync(FeedScope scope, int limit, string? cursor, TimeSpan horizon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var section = scope.Section;
        var listing = ArticleKeys.Feed(scope);
        var after = DecodeCursor(listing, cursor);
        return Guard<FeedPage?>(async () =>
        {
            var now = time.GetUtcNow();

            // One range query. A first page starts a horizon ahead of now, so it also sees the scheduled changes
            // due before a reader's copy could expire; those are not shown, they only bound the caching.
            var from = after is null ? RangeFrom(ArticleKeys.Instant(listing, now + horizon), inclusive: true) : RangeFrom(after, inclusive: false);
            var present = ArticleKeys.Instant(listing, now);
            var visible = new List<TableEntity>(limit + 1);
            DateTimeOffset? nextDue = null;
            await foreach (var row in QueryRangeAsync(from, ArticleKeys.End(listing), limit + 1, cancellationToken).ConfigureAwait(false))
            {
                if (string.CompareOrdinal(row.RowKey, present) < 0)
                {
                    var (at, _) = ArticleKeys.ParseEntry(listing, row.RowKey);
                    nextDue = nextDue is null || at < nextDue ? at : nextDue;
                    continue;
                }

                visible.Add(row);
                if (visible.Count > limit)
                {
                    break;
                }
            }

            var page = visible.Take(limit).ToList();
            var items = new List<FeedItem>(page.Count);
            var withdrawn = new List<WithdrawnArticle>();
            string? leftName = null;
            foreach (var row in page)
            {
                var (at, id) = ArticleKeys.ParseEntry(listing, row.RowKey);
                if (row.GetString(KindProperty) == Withdrawn)
                {
                    withdrawn.Add(new WithdrawnArticle(id, at));
                }
                else if (row.GetString(KindProperty) == Left)
                {
                    // Shown nowhere: it dates the change (an article left the feed) and keeps the feed's name.
                    leftName ??= row.GetString("Name");
                }
                else if (await ReadFeedArticleAsync(row, id, cancellationToken).ConfigureAwait(false) is { } article)
                {
                    items.Add(new FeedItem(sectionNames.Apply(article), at));
                }
            }

            ArticleSection? listed = null;
            DateTimeOffset lastModified;
            if (page.Count > 0)
            {
                lastModified = ArticleKeys.ParseEntry(listing, page[0].RowKey).At;
                listed = section is null ? null : items.FirstOrDefault()?.Article.Section;
            }
            else
            {
                lastModified = WholeSeconds(now);
            }

            if (section is not null && listed is null)
            {
                // No public article on the page: whether the section exists, and its name, come from its counters.
                var stats = await ReadStatsIfExistsAsync(ArticleKeys.SectionListing(section), cancellationToken).ConfigureAwait(false);
                if (stats is null)
                {
                    return null;
                }

                listed = new ArticleSection(section, sectionNames.NameOf(section, stats.Name ?? section));
                lastModified = page.Count > 0 ? lastModified : stats.LastModified;
            }

            string? name = null;
            if (ArticleKeys.IsTagOrAuthorFeed(listing))
            {
                // A feed no public article was ever in has no rows but future ones: it does not exist (an embargo leaks
                // nothing). Its name: as the newest article spells it, else as the last to leave it did, else the slug.
                if (page.Count == 0 && after is null)
                {
                    return null;
                }

                name = items.Select(i => ArticleKeys.NameIn(i.Article, listing)).FirstOrDefault(n => n is not null) ?? leftName ?? scope.Slug;
            }

            var next = visible.Count > limit ? ListingCursor.Encode(page[^1].RowKey) : null;
            return new FeedPage(listed, items, withdrawn, next, VersionOf(visible), lastModified, nextDue) { Name = name ?? listed?.Name };
        });
    }

    public Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var now = time.GetUtcNow();
            var statsRead = ReadStatsIfExistsAsync(ArticleKeys.AllListing, cancellationToken);
            var latestRead = ReadRangeAsync(RangeFrom(ArticleKeys.Instant(ArticleKeys.AllListing, now), inclusive: true), ArticleKeys.End(ArticleKeys.AllListing), latest, cancellationToken);
            await Task.WhenAll(statsRead, latestRead).ConfigureAwait(false);
            var stats = await statsRead.ConfigureAwait(false);
            var items = (await ReadArticlesAsync(await latestRead.ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).Select(sectionNames.Apply).ToList();
            if (stats is null)
            {
                // Nothing stored yet: nothing to date but this answer itself.
                var asOf = WholeSeconds(now);
                return new StoreStats(0, null, null, asOf, "empty|" + asOf.UtcTicks.ToString(CultureInfo.InvariantCulture), [], items, null);
            }

            // What is public now: the counters as last written, plus the scheduled articles whose time has come.
            var due = stats.Due(now).ToList();
            var pending = stats.Pending(now).ToList();
            var first = Min(stats.First, due.Count > 0 ? due.Min(d => d.At) : null);
            var last = Max(stats.Latest, due.Count > 0 ? due.Max(d => d.At) : null);
            var lastModified = due.Count > 0 ? Max(stats.LastModified, due.Max(d => d.At))!.Value : stats.LastModified;
            var sections = stats.Sections
                .Select(s =>
                {
                    var count = s.Value.Count - pending.Count(p => p.Section == s.Key);
                    var dueHere = due.Where(d => d.Section == s.Key).Select(d => (DateTimeOffset?)d.At).DefaultIfEmpty(null).Max();
                    return new SectionStats(s.Key, sectionNames.NameOf(s.Key, s.Value.Name), count, Max(s.Value.Latest, dueHere));
                })
                .Where(s => s.ArticleCount > 0)
                .OrderBy(s => s.Slug, StringComparer.Ordinal)
                .ToList();
            var version = string.Join('|', stats.Version.ToString(CultureInfo.InvariantCulture), stats.Promoted + due.Count, VersionOf(await latestRead.ConfigureAwait(false)));
            var nextDue = pending.Count > 0 ? pending.Min(p => p.At) : (DateTimeOffset?)null;
            return new StoreStats(stats.Count - pending.Count, first, last, lastModified, version, sections, items, nextDue);
        });

    public Task<IReadOnlyList<ArticleHeadline>> ListHeadlinesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Guard<IReadOnlyList<ArticleHeadline>>(async () =>
        {
            // Newest first: from the latest instant wanted (never past the present) down to "since".
            var now = time.GetUtcNow();
            var latest = until <= now ? until.AddTicks(-1) : now;
            var start = ArticleKeys.Instant(ArticleKeys.AllListing, latest);
            var stop = ArticleKeys.Instant(ArticleKeys.AllListing, since.AddTicks(-1));
            var rows = await ReadRangeAsync(RangeFrom(start, inclusive: true), stop, limit, cancellationToken,
                ["RowKey", "ArticleId", "Title", "Published", "Updated", "Language"]).ConfigureAwait(false);
            return rows.Select(r => new ArticleHeadline(
                r.GetString("ArticleId") ?? ArticleKeys.ParseEntry(ArticleKeys.AllListing, r.RowKey).Id,
                r.GetString("Title") ?? "",
                r.GetDateTimeOffset("Published") ?? ArticleKeys.ParseEntry(ArticleKeys.AllListing, r.RowKey).At,
                r.GetDateTimeOffset("Updated") ?? r.GetDateTimeOffset("Published") ?? ArticleKeys.ParseEntry(ArticleKeys.AllListing, r.RowKey).At,
                r.GetString("Language"))).ToList();
        });
    }

    public Task<ChangePage> ReadChangesAsync(long? afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Guard(async () =>
        {
            // Scheduled articles whose time has come get their sequence numbers first, so they are not skipped.
            var stats = await PromoteDueAsync(cancellationToken).ConfigureAwait(false);
            var oldest = stats?.OldestSequence ?? 1;
            var after = afterSequence ?? oldest - 1;
            if (after < oldest - 1)
            {
                throw new ChangesExpiredException(oldest);
            }

            var rows = await ReadRangeAsync(RangeFrom(ArticleKeys.Change(after), inclusive: false), ArticleKeys.End(ArticleKeys.Changes), limit, cancellationToken).ConfigureAwait(false);
            var page = new List<ArticleChange>(rows.Count);
            foreach (var row in rows)
            {
                var kind = row.GetString(KindProperty) ?? ChangeKinds.Updated;
                var article = kind == ChangeKinds.Withdrawn ? null : sectionNames.Apply(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false));
                page.Add(new ArticleChange(ArticleKeys.ParseChange(row.RowKey), kind, row.GetString("ArticleId") ?? "", row.GetDateTimeOffset(AtProperty) ?? row.Timestamp ?? DateTimeOffset.UnixEpoch, article));
            }

            var now = time.GetUtcNow();
            var lastModified = page.Count > 0 ? page.Max(c => c.At) : stats?.LastModified ?? WholeSeconds(now);
            var nextDue = stats?.Pending(now).Select(p => (DateTimeOffset?)p.At).DefaultIfEmpty(null).Min();
            return new ChangePage(page, page.Count > 0 ? page[^1].Sequence : after, lastModified, nextDue);
        });
    }

    public Task PingAsync(CancellationToken cancellationToken)
        => Guard(async () =>
        {
            // A point read of a row that need not exist: one cheap request that fails when storage does.
            await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, "ping", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
            return true;
        });

    // ---- Writes ----

    public async Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken)
        => (await WriteAsync(article, WriteMode.Upsert, null, cancellationToken).ConfigureAwait(false))!;

    public Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken)
        => WriteAsync(article, WriteMode.ReplaceExisting, ifMatch, cancellationToken);

    public Task<DeleteOutcome> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken)
        => Guard(() => WriteInTurnAsync(id, () => TryDeleteAsync(id, ifMatch, cancellationToken), cancellationToken));

    private enum WriteMode
    {
        /// <summary>Ingest: create when new, else update.</summary>
        Upsert,

        /// <summary>PUT: only an article that exists.</summary>
        ReplaceExisting,
    }

    private Task<SaveOutcome?> WriteAsync(Article article, WriteMode mode, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);

        // Row keys are derived from the dates, and stored JSON keeps whole seconds: derive both from the same value.
        article = article with { Published = WholeSeconds(article.Published), Updated = WholeSeconds(article.Updated) };
        return Guard(() => WriteInTurnAsync(article.Id, () => TrySaveAsync(article, mode, ifMatch, cancellationToken), cancellationToken));
    }

    /// <summary>Runs one optimistic write in this instance's turn, again from fresh reads whenever another instance got there first.</summary>
    private async Task<T> WriteInTurnAsync<T>(string id, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RetryConflictsAsync(id, attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeTurn.Release();
        }
    }

    private async Task<T> RetryConflictsAsync<T>(string id, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (WriteConflictException ex) when (tries >= MaxConflictRetries)
            {
                // Still losing after every retry: a busy moment, not the client's fault. Ask it to come back.
                throw new StorageUnavailableException("Too many concurrent writes; try again.", ex);
            }
            catch (WriteConflictException)
            {
                LogConflict(logger, id, tries);
                SyndicationMetrics.StorageConflicts.Add(1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + Math.Min(tries, 10) * 10)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<SaveOutcome?> TrySaveAsync(Article incoming, WriteMode mode, string? ifMatch, CancellationToken cancellationToken, Restoring? restoring = null)
    {
        var promoted = PromoteDueAsync(cancellationToken);
        var row = await ReadArticleRowAsync(incoming.Id, cancellationToken).ConfigureAwait(false);
        var current = await promoted.ConfigureAwait(false);
        if (restoring is { KeepNewer: true } && row is not null)
        {
            // A migration never overwrites what this layout already holds: it is newer, or migrated already.
            return null;
        }

        var tombstone = row is not null && IsTombstone(row) ? row : null;
        var liveRow = tombstone is null ? row : null;
        if (mode == WriteMode.ReplaceExisting)
        {
            if (row is null)
            {
                return null;
            }

            if (tombstone is not null)
            {
                throw new ArticleWithdrawnException(incoming.Id, tombstone.GetDateTimeOffset(WithdrawnAtProperty) ?? DateTimeOffset.UnixEpoch);
            }
        }

        CheckIfMatch(ifMatch, liveRow);
        var now = time.GetUtcNow();
        var existing = liveRow is null ? null : await ToStoredAsync(liveRow, cancellationToken).ConfigureAwait(false);
        var old = existing?.Article;

        var newSection = ArticleKeys.SectionListing(incoming.Section.Slug);
        var oldSection = old is null ? null : ArticleKeys.SectionListing(old.Section.Slug);
        var stats = await ReadCountersAsync(current, newSection, oldSection, cancellationToken).ConfigureAwait(false);
        var all = stats[ArticleKeys.Stats(ArticleKeys.AllListing)];

        // One name per section: the first given for the slug, later spellings map to it.
        incoming = incoming with { Section = new ArticleSection(incoming.Section.Slug, CanonicalName(all, incoming.Section)) };
        var fingerprint = ArticleFingerprint.Compute(incoming);
        if (existing is not null && liveRow!.GetString(ArticleEntityCodec.FingerprintProperty) == fingerprint)
        {
            // The same article again (a re-delivery, a re-upload): nothing is written, nothing moves.
            return new SaveOutcome(SaveStatus.Unchanged, existing);
        }

        var wasPublic = existing?.IsPublicAt(now) ?? false;
        var article = existing is null || restoring is not null ? incoming : incoming with { Updated = WholeSeconds(now) };
        var isPublic = article.Published <= now && restoring?.Scheduled != true;
        var listedAt = isPublic ? restoring?.ListedAt ?? now : article.Published;
        if (!isPublic && all.Schedule.All(e => e.Id != article.Id) && all.Schedule.Count >= MaxScheduled)
        {
            throw ArticleValidationException.ForField("published", $"{MaxScheduled} articles are already scheduled; publish some before scheduling more.");
        }

        var body = ArticleEntityCodec.Encode(article, fingerprint);
        if (body.BlobName is not null)
        {
            await _content.GetBlobClient(body.BlobName)
                .UploadAsync(BinaryData.FromBytes(body.Bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        var actions = new RowActions();
        var articleRow = ArticleRow(ArticleKeys.Article(article.Id), article, fingerprint, body);
        articleRow[ListedAtProperty] = listedAt;
        actions.Put(articleRow, row?.ETag);

        // Publication order (the listing) and feed order (the feeds): new rows, and the old ones they replace.
        MoveRows(actions, [ArticleKeys.AllListing, newSection], article.Published, old is null ? [] : [ArticleKeys.AllListing, oldSection!], old?.Published, article, fingerprint, body);
        var feeds = ArticleKeys.FeedListings(article);
        IReadOnlyList<string> oldFeeds = old is null ? [] : ArticleKeys.FeedListings(old);
        MoveRows(actions, [.. feeds], listedAt, [.. oldFeeds], existing?.ListedAt, article, fingerprint, body);
        var ascending = ArticleKeys.AscendingEntry(article.Published, article.Id);
        var oldAscending = old is null ? null : ArticleKeys.AscendingEntry(old.Published, old.Id);
        if (ascending != oldAscending)
        {
            actions.Put(new TableEntity(ArticleKeys.Partition, ascending), null);
            if (oldAscending is not null)
            {
                actions.Delete(oldAscending);
            }
        }

        IReadOnlyList<string> tombstoneFeeds = tombstone is null ? [] : TombstoneFeeds(tombstone, article);
        if (tombstone is not null)
        {
            // Published again: the withdrawal's tombstones leave the feeds.
            var withdrawnAt = tombstone.GetDateTimeOffset(WithdrawnAtProperty) ?? DateTimeOffset.UnixEpoch;
            foreach (var feed in tombstoneFeeds)
            {
                actions.Delete(ArticleKeys.Entry(feed, withdrawnAt, article.Id));
            }
        }

        if (wasPublic || tombstone is not null)
        {
            LeaveFeeds(actions, oldFeeds.Concat(tombstoneFeeds).Except(feeds, StringComparer.Ordinal), old, article.Id, now);
        }

        // Counters, the schedule and the change feed.
        await CountAsync(stats, old, article, now, cancellationToken).ConfigureAwait(false);
        all.Schedule.RemoveAll(e => e.Id == article.Id);
        if (!isPublic)
        {
            all.Schedule.Add(new ListingStats.ScheduledEntry(article.Id, article.Section.Slug, article.Published));
        }

        var kind = isPublic ? (wasPublic ? ChangeKinds.Updated : ChangeKinds.Published) : wasPublic ? ChangeKinds.Withdrawn : null;
        if (kind is not null && restoring?.AddChange != false)
        {
            AddChange(actions, all, kind, article.Id, restoring is null ? now : listedAt, kind == ChangeKinds.Withdrawn ? null : (article, fingerprint, body));
        }

        if (isPublic || wasPublic)
        {
            foreach (var counters in stats.Values)
            {
                counters.Touch(now);
            }
        }

        await PruneChangesAsync(actions, all, now, cancellationToken).ConfigureAwait(false);
        actions.AddRange(stats.Values.Select(s => s.ToAction()));
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        var oldBlob = liveRow is null ? null : ArticleEntityCodec.BlobName(liveRow);
        if (oldBlob is not null && oldBlob != body.BlobName)
        {
            await _content.GetBlobClient(oldBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        (existing is null ? SyndicationMetrics.ArticlesCreated : SyndicationMetrics.ArticlesUpdated).Add(1, SyndicationMetrics.Tag("source", article.Source.Kind));
        return new SaveOutcome(existing is null ? SaveStatus.Created : SaveStatus.Updated, new StoredArticle(article, EntityTagOf(fingerprint), listedAt), old);
    }

    private async Task<DeleteOutcome> TryDeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken, Restoring? restoring = null)
    {
        var promoted = PromoteDueAsync(cancellationToken);
        var row = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
        var current = await promoted.ConfigureAwait(false);
        if (row is null)
        {
            return DeleteOutcome.NotFound;
        }

        if (IsTombstone(row))
        {
            return DeleteOutcome.AlreadyWithdrawn;
        }

        CheckIfMatch(ifMatch, row);
        var now = restoring?.ListedAt ?? time.GetUtcNow();
        var existing = await ToStoredAsync(row, cancellationToken).ConfigureAwait(false);
        var old = existing.Article;
        var wasPublic = existing.IsPublicAt(now);
        var section = ArticleKeys.SectionListing(old.Section.Slug);
        var stats = await ReadCountersAsync(current, section, null, cancellationToken).ConfigureAwait(false);
        var all = stats[ArticleKeys.Stats(ArticleKeys.AllListing)];

        var actions = new RowActions();
        if (wasPublic)
        {
            // The id keeps a tombstone (410), and the feeds one row each saying when it was withdrawn.
            var tombstone = new TableEntity(ArticleKeys.Partition, row.RowKey)
            {
                [StateProperty] = Withdrawn,
                [WithdrawnAtProperty] = now,
                ["Section"] = old.Section.Slug,
                ["ArticleId"] = id,
                [TombstoneFeedsProperty] = string.Join('\n', ArticleKeys.FeedListings(old)),
            };
            actions.Put(tombstone, row.ETag);
            foreach (var feed in ArticleKeys.FeedListings(old))
            {
                actions.Put(new TableEntity(ArticleKeys.Partition, ArticleKeys.Entry(feed, now, id)) { [KindProperty] = Withdrawn, ["ArticleId"] = id }, null);
            }
        }
        else
        {
            // A scheduled article that never became public is simply cancelled.
            actions.Delete(row.RowKey, row.ETag);
        }

        actions.Delete(ArticleKeys.AscendingEntry(old.Published, old.Id));
        MoveRows(actions, [], old.Published, [ArticleKeys.AllListing, section], old.Published, old, "", null);
        MoveRows(actions, [], existing.ListedAt, [.. ArticleKeys.FeedListings(old)], existing.ListedAt, old, "", null);

        await CountAsync(stats, old, null, now, cancellationToken).ConfigureAwait(false);
        all.Schedule.RemoveAll(e => e.Id == id);
        if (wasPublic)
        {
            if (restoring?.AddChange != false)
            {
                AddChange(actions, all, ChangeKinds.Withdrawn, id, now, null);
            }

            foreach (var counters in stats.Values)
            {
                counters.Touch(now);
            }
        }

        await PruneChangesAsync(actions, all, now, cancellationToken).ConfigureAwait(false);
        actions.AddRange(stats.Values.Select(s => s.ToAction()));
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        if (ArticleEntityCodec.BlobName(row) is { } blob)
        {
            await _content.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        SyndicationMetrics.ArticlesWithdrawn.Add(1);
        return DeleteOutcome.Withdrawn;
    }

    /// <summary>
    /// Gives each scheduled article whose time has come its <c>published</c> change (in commit order, so a change
    /// feed poller cannot skip it) and folds it into the counters. Feeds and the summary do not wait for this:
    /// they see it public from its publication instant. Returns the every-article counters as they now stand.
    /// </summary>
    private async Task<ListingStats?> PromoteDueAsync(CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            // Read after every promotion written, so the counters returned carry their current ETag.
            var stats = await ReadStatsIfExistsAsync(ArticleKeys.AllListing, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var due = stats?.Due(now).OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).Take(PromotionsPerTransaction).ToList();
            if (stats is null || due!.Count == 0)
            {
                return stats;
            }

            var actions = new RowActions();
            foreach (var entry in due)
            {
                stats.Schedule.Remove(entry);
                var row = await ReadArticleRowAsync(entry.Id, cancellationToken).ConfigureAwait(false);
                if (row is null || IsTombstone(row))
                {
                    continue;
                }

                var article = await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false);
                var fingerprint = row.GetString(ArticleEntityCodec.FingerprintProperty) ?? "";
                AddChange(actions, stats, ChangeKinds.Published, entry.Id, entry.At, (article, fingerprint, ArticleEntityCodec.Encode(article, fingerprint)));
                stats.Promoted++;
                stats.Latest = Max(stats.Latest, entry.At);
                stats.First = Min(stats.First, entry.At);
                stats.LastModified = Max(stats.LastModified, entry.At)!.Value;
                if (stats.Sections.TryGetValue(entry.Section, out var counters))
                {
                    stats.Sections[entry.Section] = counters with { Latest = Max(counters.Latest, entry.At) };
                }
            }

            actions.Add(stats.ToAction());
            try
            {
                await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (WriteConflictException ex) when (tries >= MaxConflictRetries)
            {
                throw new StorageUnavailableException("Too many concurrent writes; try again.", ex);
            }
            catch (WriteConflictException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Appends a change with the next sequence number; the counters row guarding it makes the numbers gapless.</summary>
    private static void AddChange(RowActions actions, ListingStats all, string kind, string id, DateTimeOffset at, (Article Article, string Fingerprint, ArticleEntityCodec.EncodedBody Body)? snapshot)
    {
        all.Sequence++;
        var change = new TableEntity(ArticleKeys.Partition, ArticleKeys.Change(all.Sequence))
        {
            [KindProperty] = kind,
            ["ArticleId"] = id,
            [AtProperty] = at,
        };
        if (snapshot is { } s)
        {
            ArticleEntityCodec.Write(change, s.Article, s.Fingerprint, s.Body);
        }

        all.OldestChangeAt ??= at;
        actions.Put(change, null);
    }

    /// <summary>
    /// Drops changes older than the retention, a few at a time, when the counters say the oldest kept one is
    /// past it (no query otherwise). A cursor before the oldest kept change is then answered 410.
    /// </summary>
    private async Task PruneChangesAsync(RowActions actions, ListingStats all, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(options.Value.ChangeRetentionDays);
        if (all.OldestChangeAt is not { } oldestAt || oldestAt >= cutoff)
        {
            return;
        }

        var rows = await ReadRangeAsync(RangeFrom(ArticleKeys.Change(0), inclusive: false), ArticleKeys.End(ArticleKeys.Changes), 21, cancellationToken, ["RowKey", AtProperty]).ConfigureAwait(false);
        foreach (var row in rows.Take(20))
        {
            if ((row.GetDateTimeOffset(AtProperty) ?? now) >= cutoff)
            {
                all.OldestSequence = ArticleKeys.ParseChange(row.RowKey);
                all.OldestChangeAt = row.GetDateTimeOffset(AtProperty);
                return;
            }

            actions.Delete(row.RowKey);
            all.OldestSequence = ArticleKeys.ParseChange(row.RowKey) + 1;
        }

        all.OldestChangeAt = rows.Count > 20 ? rows[20].GetDateTimeOffset(AtProperty) : null;
    }

    /// <summary>
    /// Adds the rows of <paramref name="article"/> at <paramref name="at"/> to <paramref name="listings"/> and deletes
    /// its rows in <paramref name="oldListings"/> at <paramref name="oldAt"/> that are not rewritten.
    /// </summary>
    private static void MoveRows(
        RowActions actions, string[] listings, DateTimeOffset at, string[] oldListings, DateTimeOffset? oldAt,
        Article article, string fingerprint, ArticleEncodedBody? body)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listing in listings)
        {
            var key = ArticleKeys.Entry(listing, at, article.Id);
            written.Add(key);
            var old = oldListings.Contains(listing) && oldAt is not null ? ArticleKeys.Entry(listing, oldAt.Value, article.Id) : null;
            actions.Put(ListingRow(listing, key, article, fingerprint, body!), key == old ? ETag.All : null);
        }

        foreach (var listing in oldListings)
        {
            var key = ArticleKeys.Entry(listing, oldAt!.Value, article.Id);
            if (!written.Contains(key))
            {
                actions.Delete(key);
            }
        }
    }

    /// <summary>
    /// A listing's row of an article: the article itself, except in a tag's or author's feed when its body is larger
    /// than <see cref="MaxTagFeedInlineBytes"/>: then only its id, and readers read its row.
    /// </summary>
    private static TableEntity ListingRow(string listing, string key, Article article, string fingerprint, ArticleEncodedBody body)
        => !ArticleKeys.IsTagOrAuthorFeed(listing) || (body.BlobName is null && body.Bytes.Length <= MaxTagFeedInlineBytes)
            ? ArticleRow(key, article, fingerprint, body)
            : new TableEntity(ArticleKeys.Partition, key) { ["ArticleId"] = article.Id, [BodyInArticleRowProperty] = true };

    /// <summary>A feed row's article: its own body, or the article row's when it carries none (null if that is gone).</summary>
    private async Task<Article?> ReadFeedArticleAsync(TableEntity row, string id, CancellationToken cancellationToken)
    {
        if (row.GetBoolean(BodyInArticleRowProperty) != true)
        {
            return await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false);
        }

        var articleRow = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
        return articleRow is null || IsTombstone(articleRow) ? null : await ReadArticleAsync(articleRow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The feeds a withdrawn article left tombstones in (tombstones written before tag feeds name none: every-article and section).</summary>
    private static string[] TombstoneFeeds(TableEntity tombstone, Article article)
        => tombstone.GetString(TombstoneFeedsProperty) is { Length: > 0 } feeds
            ? feeds.Split('\n')
            : [ArticleKeys.AllFeed, ArticleKeys.SectionFeed(tombstone.GetString("Section") ?? article.Section.Slug)];

    /// <summary>
    /// Leaves a row in each tag and author feed a public article leaves (a correction drops the tag, a re-publication
    /// lacks it): shown nowhere, it moves the feed's <c>Last-Modified</c> and version to the moment of the change, and
    /// keeps the feed existing, under its name, once no article is in it.
    /// </summary>
    private static void LeaveFeeds(RowActions actions, IEnumerable<string> left, Article? old, string id, DateTimeOffset now)
    {
        foreach (var listing in left.Where(ArticleKeys.IsTagOrAuthorFeed).Distinct(StringComparer.Ordinal))
        {
            var row = new TableEntity(ArticleKeys.Partition, ArticleKeys.Entry(listing, now, id)) { [KindProperty] = Left, ["ArticleId"] = id };
            if (old is not null && ArticleKeys.NameIn(old, listing) is { } name)
            {
                row["Name"] = name;
            }

            actions.Put(row, null);
        }
    }

    /// <summary>
    /// Counts an article in (<paramref name="current"/>) and out (<paramref name="old"/>) of the touched counters:
    /// counts, the newest and oldest public dates (read again from the listing when they may fall back), names.
    /// </summary>
    private async Task CountAsync(Dictionary<string, ListingStats> stats, Article? old, Article? current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = stats[ArticleKeys.Stats(ArticleKeys.AllListing)];
        var id = (current ?? old)!.Id;
        var newSection = current is null ? null : ArticleKeys.SectionListing(current.Section.Slug);
        var oldSection = old is null ? null : ArticleKeys.SectionListing(old.Section.Slug);
        var currentPublished = current is not null && current.Published <= now ? current.Published : (DateTimeOffset?)null;
        foreach (var listing in new[] { ArticleKeys.AllListing, newSection, oldSection }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var row = stats[ArticleKeys.Stats(listing)];
            var holdsNew = current is not null && (listing == ArticleKeys.AllListing || listing == newSection);
            var heldOld = old is not null && (listing == ArticleKeys.AllListing || listing == oldSection);
            row.Count += (holdsNew ? 1 : 0) - (heldOld ? 1 : 0);
            if (holdsNew && listing != ArticleKeys.AllListing)
            {
                row.Name = current!.Section.Name;
            }

            var published = holdsNew ? currentPublished : null;
            var dateMayFallBack = heldOld && (published is null || published < old!.Published);
            row.Latest = dateMayFallBack
                ? Max(await LatestOtherAsync(listing, id, now, cancellationToken).ConfigureAwait(false), published)
                : Max(row.Latest, published);
            if (listing != ArticleKeys.AllListing)
            {
                var slug = listing["sec|".Length..^1];
                if (row.Count > 0)
                {
                    all.Sections[slug] = new ListingStats.SectionCounters(row.Name ?? slug, row.Count, row.Latest);
                }
                else if (all.Sections.TryGetValue(slug, out var counters))
                {
                    // Kept with no article, so the slug keeps its name if it is used again.
                    all.Sections[slug] = counters with { Count = 0, Latest = null };
                }
            }
        }

        all.First = old is not null && (currentPublished is null || currentPublished > old.Published)
            ? Min(await OldestOtherAsync(id, now, cancellationToken).ConfigureAwait(false), currentPublished)
            : Min(all.First, currentPublished);
    }

    /// <summary>The section name to store: a pinned one, else the one the slug already has, else this one (capitals in title case).</summary>
    private string CanonicalName(ListingStats all, ArticleSection section)
    {
        if (sectionNames.Pinned(section.Slug) is { } pinned)
        {
            return pinned;
        }

        var given = SectionNames.FromGiven(section.Name);
        if (all.Sections.TryGetValue(section.Slug, out var known))
        {
            // A name made from capitals gives way to the first mixed-case one, while no article carries it.
            return known.Count == 0 && SectionNames.IsAllCapitals(section.Name) is false && known.Name != given ? given : known.Name;
        }

        return given;
    }

    /// <summary>
    /// RFC 9110 If-Match: <c>*</c> matches any stored article, otherwise one of the listed strong
    /// entity tags must be the article's current one. Nothing given, nothing to check.
    /// </summary>
    private static void CheckIfMatch(string? ifMatch, TableEntity? row)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return;
        }

        var current = row is null ? null : EntityTagOf(row.GetString(ArticleEntityCodec.FingerprintProperty) ?? "");
        var matches = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => current is not null && (tag == "*" || tag == current));
        if (!matches)
        {
            throw new PreconditionFailedException(current);
        }
    }

    /// <summary>The counters a write changes; <paramref name="all"/> is the every-article row as just read (null: none yet).</summary>
    private async Task<Dictionary<string, ListingStats>> ReadCountersAsync(ListingStats? all, string section, string? otherSection, CancellationToken cancellationToken)
    {
        var listings = new[] { section, otherSection }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var reads = listings.Select(async l => await ReadStatsIfExistsAsync(l, cancellationToken).ConfigureAwait(false) ?? ListingStats.Empty(ArticleKeys.Stats(l))).ToList();
        var stats = (await Task.WhenAll(reads).ConfigureAwait(false)).ToDictionary(s => s.RowKey, StringComparer.Ordinal);
        stats[ArticleKeys.Stats(ArticleKeys.AllListing)] = all ?? ListingStats.Empty(ArticleKeys.Stats(ArticleKeys.AllListing));
        return stats;
    }

    private async Task<ListingStats?> ReadStatsIfExistsAsync(string listing, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, ArticleKeys.Stats(listing), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ListingStats.FromEntity(response.Value!) : null;
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

    /// <summary>The instant of the first entry from <paramref name="from"/> in a listing that is not <paramref name="id"/>: two keys, no bodies.</summary>
    private async Task<DateTimeOffset?> FirstOtherAsync(string listing, string from, string id, CancellationToken cancellationToken)
    {
        var rows = await ReadRangeAsync(from, ArticleKeys.End(listing), 2, cancellationToken, ["RowKey"]).ConfigureAwait(false);
        return rows.Select(r => ArticleKeys.ParseEntry(listing, r.RowKey)).Where(e => e.Id != id).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
    }

    private async Task SubmitAsync(RowActions actions, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions.ToList(), cancellationToken).ConfigureAwait(false);
            changes.Changed();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && ex.ErrorCode is not "TableNotFound")
        {
            // Another writer changed a row we read: start again from fresh reads.
            throw new WriteConflictException(ex);
        }
    }

    private static string RangeFrom(string key, bool inclusive) => (inclusive ? "ge|" : "gt|") + key;

    /// <summary>Rows from <paramref name="from"/> (see <see cref="RangeFrom"/>) up to <paramref name="end"/>, at most <paramref name="take"/>.</summary>
    private async Task<List<TableEntity>> ReadRangeAsync(string from, string end, int take, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var rows = new List<TableEntity>(Math.Min(take, 1000));
        await foreach (var row in QueryRangeAsync(from, end, take, cancellationToken, select).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count >= take)
            {
                break;
            }
        }

        return rows;
    }

    private async IAsyncEnumerable<TableEntity> QueryRangeAsync(
        string from, string end, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var key = from[3..];
        var filter = from.StartsWith("ge|", StringComparison.Ordinal)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.Partition} and RowKey ge {key} and RowKey lt {end}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.Partition} and RowKey gt {key} and RowKey lt {end}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(pageSize, 1, 1000), select: select, cancellationToken: cancellationToken)
                           .AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                yield return row;
            }
        }
    }

    private static string? DecodeCursor(string listing, string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var after = ListingCursor.Decode(cursor);
        return after is not null && ArticleKeys.IsEntryOf(listing, after)
            ? after
            : throw ArticleValidationException.ForQuery("cursor", "The cursor is not one this listing issued.");
    }

    private async Task<TableEntity?> ReadArticleRowAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, ArticleKeys.Article(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static bool IsTombstone(TableEntity row) => row.GetString(StateProperty) == Withdrawn;

    private async Task<StoredArticle> ToStoredAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var article = sectionNames.Apply(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false));
        return new StoredArticle(article, EntityTagOf(row.GetString(ArticleEntityCodec.FingerprintProperty) ?? row.ETag.ToString()),
            row.GetDateTimeOffset(ListedAtProperty) ?? article.Published);
    }

    private async Task<List<Article>> ReadArticlesAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var articles = new List<Article>(rows.Count);
        foreach (var row in rows)
        {
            articles.Add(sectionNames.Apply(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false)));
        }

        return articles;
    }

    private async Task<Article> ReadArticleAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var blobName = ArticleEntityCodec.BlobName(row);
        if (blobName is null)
        {
            return ArticleEntityCodec.Read(row);
        }

        var content = await _content.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return ArticleEntityCodec.Read(row, content.Value.Content.ToArray());
    }

    private static TableEntity ArticleRow(string rowKey, Article article, string fingerprint, ArticleEncodedBody body)
    {
        var entity = new TableEntity(ArticleKeys.Partition, rowKey);
        ArticleEntityCodec.Write(entity, article, fingerprint, body);
        return entity;
    }

    /// <summary>The HTTP entity tag of an article: its content fingerprint, so it names what the client saw.</summary>
    private static string EntityTagOf(string fingerprint) => "\"" + fingerprint[..Math.Min(32, fingerprint.Length)] + "\"";

    private static string VersionOf(IEnumerable<TableEntity> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.RowKey).Append('\n').Append(row.ETag.ToString()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// Turns "storage is down or failing" into <see cref="StorageUnavailableException"/>; lets client mistakes through.
    /// When storage came up after the app, so the start-up could not create the table and containers, they are
    /// created now and the call runs once more: an outage is recovered from without a restart.
    /// </summary>
    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await GuardOnce(call).ConfigureAwait(false);
        }
        catch (StorageUnavailableException ex) when (ex.InnerException is RequestFailedException { ErrorCode: "TableNotFound" or "ContainerNotFound" })
        {
            try
            {
                await StorageServices.EnsureCreatedAsync(clients, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                throw ex;
            }

            return await GuardOnce(call).ConfigureAwait(false);
        }
    }

    private async Task<T> GuardOnce<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or 408 or 429 or >= 500 || ex.ErrorCode is "TableNotFound" or "ContainerNotFound")
        {
            LogUnavailable(logger, ex, ex.Status);
            SyndicationMetrics.StorageUnavailable.Add(1);
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException or SocketException or TaskCanceledException))
        {
            LogUnavailable(logger, ex, 0);
            SyndicationMetrics.StorageUnavailable.Add(1);
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
        catch (HttpRequestException ex)
        {
            LogUnavailable(logger, ex, 0);
            SyndicationMetrics.StorageUnavailable.Add(1);
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
    }

    /// <summary>The operations of one transaction, one per row key (a later one for the same key wins).</summary>
    private sealed class RowActions
    {
        private readonly List<TableTransactionAction> _actions = [];

        public void Put(TableEntity entity, ETag? etag)
        {
            // Replacing a row this transaction was going to delete: it exists, so it is replaced, not added.
            if (etag is null && _actions.Any(a => a.Entity.RowKey == entity.RowKey && a.ActionType == TableTransactionActionType.Delete))
            {
                etag = ETag.All;
            }

            Remove(entity.RowKey);
            _actions.Add(etag is { } tag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, tag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
        }

        public void Delete(string rowKey, ETag? etag = null)
        {
            var index = _actions.FindIndex(a => a.Entity.RowKey == rowKey);
            if (index >= 0)
            {
                // The row is rewritten in this transaction: it exists, so the write must replace it rather than add it.
                var write = _actions[index];
                if (write.ActionType == TableTransactionActionType.Add)
                {
                    _actions[index] = new TableTransactionAction(TableTransactionActionType.UpdateReplace, write.Entity, ETag.All);
                }

                return;
            }

            _actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, rowKey), etag ?? ETag.All));
        }

        public void Add(TableTransactionAction action) => _actions.Add(action);

        public void AddRange(IEnumerable<TableTransactionAction> actions) => _actions.AddRange(actions);

        public List<TableTransactionAction> ToList() => _actions;

        private void Remove(string rowKey) => _actions.RemoveAll(a => a.Entity.RowKey == rowKey);
    }

    private sealed class WriteConflictException(Exception inner) : Exception("Another writer changed the article first.", inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write of {ArticleId} lost a race (attempt {Attempt}); retrying")]
    private static partial void LogConflict(ILogger logger, string articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable (status {Status})")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, int status);
}
