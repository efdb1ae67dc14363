using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Writes: one entity-group transaction in the article's shard (its row, its listing and feed rows, and its pending
/// change), guarded by the article row's ETag, so writers of different articles never conflict. The change is then
/// numbered, and the counters brought up to date, by the sequencer (<c>.Sequencer.cs</c>) before the write answers.
/// </summary>
public sealed partial class TableArticleStore
{
    /// <summary>Only writers of the same article conflict; each retry starts from fresh reads after a short random pause.</summary>
    private const int MaxConflictRetries = 40;

    /// <summary>How many articles may wait for their publication time at once (they are listed in one counters row).</summary>
    public const int MaxScheduled = 500;

    private const string OldSectionProperty = "OldSection";
    private const string OldPublishedProperty = "OldPublished";
    private const string NewSectionProperty = "NewSection";
    private const string NewNameProperty = "NewName";
    private const string NewPublishedProperty = "NewPublished";
    private const string ScheduledProperty = "Scheduled";
    private const string TouchProperty = "Touch";

    /// <summary>The kind of a tag or author feed row saying an article left that feed (see <see cref="LeaveFeeds"/>).</summary>
    private const string Left = "left";
    private const string TombstoneFeedsProperty = "Feeds";
    private const string BodyInArticleRowProperty = "BodyInArticleRow";

    /// <summary>
    /// The largest body a tag's or author's feed row carries itself (one chunk, no blob). With up to 12 such rows an
    /// article's transaction stays within Table Storage's 4 MiB: 6 x 320 KiB + 12 x 32 KiB, a third more in base64.
    /// </summary>
    private const int MaxTagFeedInlineBytes = 32 * 1024;

    public async Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken)
        => (await WriteAsync(article, WriteMode.Upsert, null, cancellationToken).ConfigureAwait(false))!;

    public Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken)
        => WriteAsync(article, WriteMode.ReplaceExisting, ifMatch, cancellationToken);

    public Task<DeleteOutcome> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var (outcome, pending) = await RetryConflictsAsync(id, () => TryDeleteAsync(id, ifMatch, cancellationToken), cancellationToken).ConfigureAwait(false);
            await SettleAsync(pending, cancellationToken).ConfigureAwait(false);
            return outcome;
        });

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
        return Guard(async () =>
        {
            var written = await RetryConflictsAsync(article.Id, () => TrySaveAsync(article, mode, ifMatch, cancellationToken), cancellationToken).ConfigureAwait(false);
            await SettleAsync(written.Pending, cancellationToken).ConfigureAwait(false);
            return written.Outcome;
        });
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

    /// <summary>A write's outcome, and the key of its pending change (null when nothing was written).</summary>
    private sealed record Written<T>(T Outcome, PendingKey? Pending);

    private async Task<Written<SaveOutcome?>> TrySaveAsync(Article incoming, WriteMode mode, string? ifMatch, CancellationToken cancellationToken, Restoring? restoring = null)
    {
        var prepared = await PrepareSaveAsync(incoming, mode, ifMatch, restoring, cancellationToken).ConfigureAwait(false);
        if (prepared.Actions is null)
        {
            return new Written<SaveOutcome?>(prepared.Outcome, null);
        }

        await SubmitAsync(prepared.Actions, cancellationToken).ConfigureAwait(false);
        await FinishSaveAsync(prepared, cancellationToken).ConfigureAwait(false);
        return new Written<SaveOutcome?>(prepared.Outcome, prepared.Pending);
    }

    /// <summary>A save worked out from fresh reads: the transaction to submit (null when there is nothing to write) and what it answers.</summary>
    private sealed record PreparedSave(SaveOutcome? Outcome, RowActions? Actions, PendingKey? Pending, string? BlobToDelete, bool Created, string SourceKind);

    private async Task<PreparedSave> PrepareSaveAsync(Article incoming, WriteMode mode, string? ifMatch, Restoring? restoring, CancellationToken cancellationToken, ListingStats? knownState = null)
    {
        var stateRead = knownState is null ? ReadStateAsync(cancellationToken) : Task.FromResult<ListingStats?>(knownState);
        var row = await ReadArticleRowAsync(incoming.Id, cancellationToken).ConfigureAwait(false);
        var state = await stateRead.ConfigureAwait(false) ?? ListingStats.EmptyState();
        if (restoring is { KeepNewer: true } && row is not null)
        {
            // A migration never overwrites what this layout already holds: it is newer, or migrated already.
            return new PreparedSave(null, null, null, null, false, "");
        }

        var tombstone = row is not null && IsTombstone(row) ? row : null;
        var liveRow = tombstone is null ? row : null;
        if (mode == WriteMode.ReplaceExisting)
        {
            if (row is null)
            {
                return new PreparedSave(null, null, null, null, false, "");
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

        // One name per section: the first given for the slug, later spellings map to it.
        incoming = incoming with { Section = new ArticleSection(incoming.Section.Slug, CanonicalName(state, incoming.Section)) };
        var fingerprint = ArticleFingerprint.Compute(incoming);
        if (existing is not null && liveRow!.GetString(ArticleEntityCodec.FingerprintProperty) == fingerprint)
        {
            // The same article again (a re-delivery, a re-upload): nothing is written, nothing moves.
            return new PreparedSave(new SaveOutcome(SaveStatus.Unchanged, existing), null, null, null, false, "");
        }

        var wasPublic = existing?.IsPublicAt(now) ?? false;
        var article = existing is null || restoring is not null ? incoming : incoming with { Updated = WholeSeconds(now) };
        var isPublic = article.Published <= now && restoring?.Scheduled != true;
        var listedAt = isPublic ? restoring?.ListedAt ?? now : article.Published;
        if (!isPublic && state.Schedule.All(e => e.Id != article.Id) && state.Schedule.Count >= MaxScheduled)
        {
            throw ArticleValidationException.ForField("published", $"{MaxScheduled} articles are already scheduled; publish some before scheduling more.");
        }

        var body = ArticleEntityCodec.Encode(article, fingerprint);
        if (body.BlobName is not null)
        {
            await _content.GetBlobClient(body.BlobName)
                .UploadAsync(BinaryData.FromBytes(body.Bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        var partition = ArticleKeys.PartitionOf(article.Id);
        var actions = new RowActions(partition);
        var revision = NextRevision(row, now);
        var articleRow = ArticleRow(partition, ArticleKeys.Article(article.Id), article, fingerprint, body);
        articleRow[ListedAtProperty] = listedAt;
        articleRow[RevisionProperty] = revision;
        actions.Put(articleRow, row?.ETag);

        // Publication order (the listing) and feed order (the feeds): new rows, and the old ones they replace.
        var newSection = ArticleKeys.SectionListing(article.Section.Slug);
        var oldSection = old is null ? null : ArticleKeys.SectionListing(old.Section.Slug);
        MoveRows(actions, [ArticleKeys.AllListing, newSection], article.Published, old is null ? [] : [ArticleKeys.AllListing, oldSection!], old?.Published, article, fingerprint, body);
        var feeds = ArticleKeys.FeedListings(article);
        IReadOnlyList<string> oldFeeds = old is null ? [] : ArticleKeys.FeedListings(old);
        MoveRows(actions, [.. feeds], listedAt, [.. oldFeeds], existing?.ListedAt, article, fingerprint, body);
        var ascending = ArticleKeys.AscendingEntry(article.Published, article.Id);
        var oldAscending = old is null ? null : ArticleKeys.AscendingEntry(old.Published, old.Id);
        if (ascending != oldAscending)
        {
            actions.Put(new TableEntity(partition, ascending), null);
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

        // The change, for the sequencer: what it counts out and in, and the article as of this change.
        var kind = isPublic ? (wasPublic ? ChangeKinds.Updated : ChangeKinds.Published) : wasPublic ? ChangeKinds.Withdrawn : null;
        var pending = PendingRow(partition, article.Id, revision, restoring?.AddChange == false ? null : kind, now, isPublic || wasPublic, old);
        pending[NewSectionProperty] = article.Section.Slug;
        pending[NewNameProperty] = article.Section.Name;
        pending[NewPublishedProperty] = article.Published;
        pending[ScheduledProperty] = !isPublic;
        if (pending.GetString(KindProperty) is ChangeKinds.Published or ChangeKinds.Updated)
        {
            ArticleEntityCodec.Write(pending, article, fingerprint, body);
        }

        actions.Insert(pending);
        var oldBlob = liveRow is null ? null : ArticleEntityCodec.BlobName(liveRow);
        return new PreparedSave(
            new SaveOutcome(existing is null ? SaveStatus.Created : SaveStatus.Updated, new StoredArticle(article, EntityTagOf(fingerprint), listedAt), old),
            actions, new PendingKey(partition, pending.RowKey), oldBlob is not null && oldBlob != body.BlobName ? oldBlob : null, existing is null, article.Source.Kind);
    }

    private async Task FinishSaveAsync(PreparedSave prepared, CancellationToken cancellationToken)
    {
        if (prepared.BlobToDelete is { } oldBlob)
        {
            await _content.GetBlobClient(oldBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        (prepared.Created ? SyndicationMetrics.ArticlesCreated : SyndicationMetrics.ArticlesUpdated).Add(1, SyndicationMetrics.Tag("source", prepared.SourceKind));
    }

    private async Task<Written<DeleteOutcome>> TryDeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken, Restoring? restoring = null)
    {
        var row = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return new Written<DeleteOutcome>(DeleteOutcome.NotFound, null);
        }

        if (IsTombstone(row))
        {
            return new Written<DeleteOutcome>(DeleteOutcome.AlreadyWithdrawn, null);
        }

        CheckIfMatch(ifMatch, row);
        var now = restoring?.ListedAt ?? time.GetUtcNow();
        var existing = await ToStoredAsync(row, cancellationToken).ConfigureAwait(false);
        var old = existing.Article;
        var wasPublic = existing.IsPublicAt(now);
        var partition = ArticleKeys.PartitionOf(id);
        var revision = NextRevision(row, now);

        var actions = new RowActions(partition);
        if (wasPublic)
        {
            // The id keeps a tombstone (410), and the feeds one row each saying when it was withdrawn.
            var tombstone = new TableEntity(partition, row.RowKey)
            {
                [StateProperty] = Withdrawn,
                [WithdrawnAtProperty] = now,
                ["Section"] = old.Section.Slug,
                ["ArticleId"] = id,
                [RevisionProperty] = revision,
                [TombstoneFeedsProperty] = string.Join('\n', ArticleKeys.FeedListings(old)),
            };
            actions.Put(tombstone, row.ETag);
            foreach (var feed in ArticleKeys.FeedListings(old))
            {
                actions.Put(new TableEntity(partition, ArticleKeys.Entry(feed, now, id)) { [KindProperty] = Withdrawn, ["ArticleId"] = id }, null);
            }
        }
        else
        {
            // A scheduled article that never became public is simply cancelled.
            actions.Delete(row.RowKey, row.ETag);
        }

        actions.Delete(ArticleKeys.AscendingEntry(old.Published, old.Id));
        MoveRows(actions, [], old.Published, [ArticleKeys.AllListing, ArticleKeys.SectionListing(old.Section.Slug)], old.Published, old, "", null);
        MoveRows(actions, [], existing.ListedAt, [.. ArticleKeys.FeedListings(old)], existing.ListedAt, old, "", null);

        var pending = PendingRow(partition, id, revision, wasPublic && restoring?.AddChange != false ? ChangeKinds.Withdrawn : null, now, wasPublic, old);
        actions.Insert(pending);
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        if (ArticleEntityCodec.BlobName(row) is { } blob)
        {
            await _content.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        SyndicationMetrics.ArticlesWithdrawn.Add(1);
        return new Written<DeleteOutcome>(DeleteOutcome.Withdrawn, new PendingKey(partition, pending.RowKey));
    }

    /// <summary>
    /// Every write of an article raises its revision, which orders its pending changes. Ticks keep it rising when the
    /// row was deleted in between (a cancelled scheduled article written again).
    /// </summary>
    private static long NextRevision(TableEntity? row, DateTimeOffset now)
        => Math.Max((row?.GetInt64(RevisionProperty) ?? 0) + 1, now.UtcTicks);

    /// <summary>A change waiting for its number: what the counters count out (<paramref name="old"/>) and whether readers' validators move.</summary>
    private static TableEntity PendingRow(string partition, string id, long revision, string? kind, DateTimeOffset at, bool touch, Article? old)
    {
        var row = new TableEntity(partition, ArticleKeys.PendingChange(id, revision))
        {
            ["ArticleId"] = id,
            [RevisionProperty] = revision,
            [AtProperty] = at,
            [TouchProperty] = touch,
        };
        if (kind is not null)
        {
            row[KindProperty] = kind;
        }

        if (old is not null)
        {
            row[OldSectionProperty] = old.Section.Slug;
            row[OldPublishedProperty] = old.Published;
        }

        return row;
    }

    /// <summary>
    /// Adds the rows of <paramref name="article"/> at <paramref name="at"/> to <paramref name="listings"/> and deletes
    /// its rows in <paramref name="oldListings"/> at <paramref name="oldAt"/> that are not rewritten.
    /// </summary>
    private static void MoveRows(
        RowActions actions, string[] listings, DateTimeOffset at, string[] oldListings, DateTimeOffset? oldAt,
        Article article, string fingerprint, ArticleEntityCodec.EncodedBody? body)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listing in listings)
        {
            var key = ArticleKeys.Entry(listing, at, article.Id);
            written.Add(key);
            var old = oldListings.Contains(listing) && oldAt is not null ? ArticleKeys.Entry(listing, oldAt.Value, article.Id) : null;
            actions.Put(ListingRow(actions.Partition, listing, key, article, fingerprint, body!), key == old ? ETag.All : null);
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
    /// than <see cref="MaxTagFeedInlineBytes"/>: then only its id, and readers read its row (in the same shard).
    /// </summary>
    private static TableEntity ListingRow(string partition, string listing, string key, Article article, string fingerprint, ArticleEntityCodec.EncodedBody body)
        => !ArticleKeys.IsTagOrAuthorFeed(listing) || (body.BlobName is null && body.Bytes.Length <= MaxTagFeedInlineBytes)
            ? ArticleRow(partition, key, article, fingerprint, body)
            : new TableEntity(partition, key) { ["ArticleId"] = article.Id, [BodyInArticleRowProperty] = true };

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
            var row = new TableEntity(actions.Partition, ArticleKeys.Entry(listing, now, id)) { [KindProperty] = Left, ["ArticleId"] = id };
            if (old is not null && ArticleKeys.NameIn(old, listing) is { } name)
            {
                row["Name"] = name;
            }

            actions.Put(row, null);
        }
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
}
