using System.Globalization;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>Reads: an article is one point read; a listing or feed page is one range query per shard, in parallel, merged by key.</summary>
public sealed partial class TableArticleStore
{
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
            var rows = await ReadShardsAsync(from, ArticleKeys.End(listing), limit + 1, cancellationToken).ConfigureAwait(false);
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
            var rows = await ReadShardsAsync(from, present, limit + 1, cancellationToken).ConfigureAwait(false);
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

            // One range query per shard, in parallel. A first page starts a horizon ahead of now, so it also sees the
            // scheduled changes due before a reader's copy could expire; those are not shown, they only bound the caching.
            var from = after is null ? RangeFrom(ArticleKeys.Instant(listing, now + horizon), inclusive: true) : RangeFrom(after, inclusive: false);
            var present = ArticleKeys.Instant(listing, now);
            var shards = await Task.WhenAll(ArticleKeys.Shards.Select(shard => ReadFeedShardAsync(shard, listing, from, present, limit + 1, cancellationToken))).ConfigureAwait(false);
            var visible = shards.SelectMany(s => s.Visible).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(limit + 1).ToList();
            var nextDue = shards.Select(s => s.NextDue).Aggregate((DateTimeOffset?)null, Min);

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
                // No public article on the page: whether the section exists, and its name, come from the counters.
                var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
                if (state is null || !state.Sections.TryGetValue(section, out var counters))
                {
                    return null;
                }

                listed = new ArticleSection(section, sectionNames.NameOf(section, counters.Name));
                lastModified = page.Count > 0 ? lastModified : state.LastModified;
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

    /// <summary>One shard's part of a feed page: its first <paramref name="take"/> rows public at the present, and its next scheduled change before them.</summary>
    private async Task<(List<TableEntity> Visible, DateTimeOffset? NextDue)> ReadFeedShardAsync(
        string shard, string listing, string from, string present, int take, CancellationToken cancellationToken)
    {
        var visible = new List<TableEntity>(take);
        DateTimeOffset? nextDue = null;
        await foreach (var row in QueryRangeAsync(shard, from, ArticleKeys.End(listing), take, cancellationToken).ConfigureAwait(false))
        {
            if (string.CompareOrdinal(row.RowKey, present) < 0)
            {
                var (at, _) = ArticleKeys.ParseEntry(listing, row.RowKey);
                nextDue = Min(nextDue, at);
                continue;
            }

            visible.Add(row);
            if (visible.Count >= take)
            {
                break;
            }
        }

        return (visible, nextDue);
    }

    public Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var now = time.GetUtcNow();
            var stateRead = ReadStateAsync(cancellationToken);
            var latestRead = ReadShardsAsync(RangeFrom(ArticleKeys.Instant(ArticleKeys.AllListing, now), inclusive: true), ArticleKeys.End(ArticleKeys.AllListing), latest, cancellationToken);
            await Task.WhenAll(stateRead, latestRead).ConfigureAwait(false);
            var stats = await stateRead.ConfigureAwait(false);
            var latestRows = await latestRead.ConfigureAwait(false);
            var items = await ReadArticlesAsync(latestRows, cancellationToken).ConfigureAwait(false);
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
            var version = string.Join('|', stats.Version.ToString(CultureInfo.InvariantCulture), stats.Promoted + due.Count, VersionOf(latestRows));
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
            var rows = await ReadShardsAsync(RangeFrom(start, inclusive: true), stop, limit, cancellationToken,
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
            // Number what is waiting first (a writer that stopped before it did, scheduled articles whose time has
            // come), so a poller sees every committed change as soon as it asks; when this instance is already running
            // a round for its writers, that round does it, and the reader does not queue behind them.
            var stats = await SequenceIfIdleAsync(cancellationToken).ConfigureAwait(false);
            var oldest = stats?.OldestSequence ?? 1;
            var after = afterSequence ?? oldest - 1;
            if (after < oldest - 1)
            {
                throw new ChangesExpiredException(oldest);
            }

            var from = RangeFrom(ArticleKeys.Change(after), inclusive: false);
            var end = ArticleKeys.End(ArticleKeys.Changes);
            var rows = await ReadRangeAsync(ArticleKeys.ChangesPartition, from, end, limit, cancellationToken).ConfigureAwait(false);
            if (stats?.LegacyChanges == true)
            {
                // Layout 2's changes, until its migration has moved them here: the same numbers, read beside the new ones.
                var legacy = await ReadRangeAsync(ArticleKeys.LegacyPartition, from, end, limit, cancellationToken).ConfigureAwait(false);
                rows = rows.Concat(legacy).DistinctBy(r => r.RowKey).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(limit).ToList();
            }

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
}
