using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Articles in Azure Table Storage (layout in <see cref="ArticleKeys"/>). Every write is one
/// entity-group transaction guarded by ETags, retried from fresh reads when another writer won.
/// </summary>
public sealed partial class TableArticleStore(
    StorageClients clients,
    ArticleChangeSignal changes,
    TimeProvider time,
    ILogger<TableArticleStore> logger) : IArticleStore, IDisposable
{
    /// <summary>
    /// Every write also replaces the counter rows, so concurrent ingests of different articles
    /// contend on them; each retry starts from fresh reads after a short random pause.
    /// </summary>
    private const int MaxConflictRetries = 30;

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ArticlesTable);
    private readonly BlobContainerClient _content = clients.Blobs.GetBlobContainerClient(StorageNames.ContentContainer);

    // Every write replaces the shared counters rows: writers of one instance take turns instead of
    // racing each other into ETag conflicts and retries. Other instances still race, and retry.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    public void Dispose() => _writeTurn.Dispose();

    public Task<StoredArticle?> GetAsync(string id, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var entity = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
            return entity is null ? null : await ToStoredAsync(entity, cancellationToken).ConfigureAwait(false);
        });

    public async Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken)
        => (await WriteAsync(article, WriteMode.Upsert, null, cancellationToken).ConfigureAwait(false))!;

    public Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken)
        => WriteAsync(article, WriteMode.ReplaceExisting, ifMatch, cancellationToken);

    public Task<bool> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken)
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
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + Math.Min(tries, 10) * 10)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<ArticlePage?> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var listing = section is null ? ArticleKeys.AllListing : ArticleKeys.SectionListing(section);
        string? after = null;
        if (cursor is not null)
        {
            after = ListingCursor.Decode(cursor);
            if (after is null || !ArticleKeys.IsEntryOf(listing, after))
            {
                throw ArticleValidationException.ForQuery("cursor", "The cursor is not one this listing issued.");
            }
        }

        return Guard(async () =>
        {
            var rows = await ReadListingAsync(listing, after, limit + 1, cancellationToken).ConfigureAwait(false);
            var stats = rows.Count > 0 && ArticleKeys.IsStats(rows[0].RowKey) ? ListingStats.FromEntity(rows[0]) : null;
            var entries = stats is null ? rows : rows.Skip(1).ToList();
            if (after is null && stats is null && entries.Count == 0)
            {
                // Every article's listing exists from the start: before the first article it is empty, as of now.
                return section is null ? EmptyPage() : null;
            }

            var page = entries.Take(limit).ToList();
            var items = await ReadArticlesAsync(page, cancellationToken).ConfigureAwait(false);
            var next = entries.Count > limit ? ListingCursor.Encode(page[^1].RowKey) : null;
            var lastModified = stats?.LastModified
                ?? (items.Count > 0 ? items.Max(a => a.Updated) : DateTimeOffset.UnixEpoch);
            ArticleSection? listed = section is null ? null : new ArticleSection(section, stats?.Name ?? items.FirstOrDefault()?.Section.Name ?? section);
            return new ArticlePage(listed, items, next, VersionOf(rows), lastModified);
        });
    }

    public Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken)
        => Guard(async () =>
        {
            var rows = await ReadListingAsync(ArticleKeys.AllListing, null, latest, cancellationToken).ConfigureAwait(false);
            var stats = rows.Count > 0 && ArticleKeys.IsStats(rows[0].RowKey)
                ? ListingStats.FromEntity(rows[0])
                : null;
            if (stats is null)
            {
                // Nothing stored yet: nothing to date but this answer itself.
                var now = WholeSeconds(time.GetUtcNow());
                return new StoreStats(0, null, null, now, EmptyVersion(now), [], []);
            }
            var items = await ReadArticlesAsync(rows.Where(r => !ArticleKeys.IsStats(r.RowKey)).Take(latest).ToList(), cancellationToken).ConfigureAwait(false);
            var sections = stats.Sections
                .Where(s => s.Value.Count > 0)
                .Select(s => new SectionStats(s.Key, s.Value.Name, s.Value.Count, s.Value.Latest))
                .OrderBy(s => s.Slug, StringComparer.Ordinal)
                .ToList();
            return new StoreStats(stats.Count, stats.First, stats.Latest, stats.LastModified, VersionOf(rows), sections, items);
        });

    /// <summary>The listing of every article before the first one: empty, and current as of now.</summary>
    private ArticlePage EmptyPage()
    {
        var now = WholeSeconds(time.GetUtcNow());
        return new ArticlePage(null, [], null, EmptyVersion(now), now);
    }

    private static string EmptyVersion(DateTimeOffset asOf) => "empty|" + asOf.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task PingAsync(CancellationToken cancellationToken)
        => Guard(async () =>
        {
            // A point read of a row that need not exist: one cheap request that fails when storage does.
            await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, "ping", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
            return true;
        });

    private async Task<SaveOutcome?> TrySaveAsync(Article incoming, WriteMode mode, string? ifMatch, CancellationToken cancellationToken)
    {
        var existingRow = await ReadArticleRowAsync(incoming.Id, cancellationToken).ConfigureAwait(false);
        if (existingRow is null && mode == WriteMode.ReplaceExisting)
        {
            return null;
        }

        CheckIfMatch(ifMatch, existingRow);
        var fingerprint = ArticleFingerprint.Compute(incoming);
        if (existingRow is not null && existingRow.GetString(ArticleEntityCodec.FingerprintProperty) == fingerprint)
        {
            return new SaveOutcome(SaveStatus.Unchanged, await ToStoredAsync(existingRow, cancellationToken).ConfigureAwait(false));
        }

        var now = time.GetUtcNow();
        var existing = existingRow is null ? null : await ToStoredAsync(existingRow, cancellationToken).ConfigureAwait(false);
        var article = existing is null ? incoming : incoming with { Updated = WholeSeconds(now) };
        var body = ArticleEntityCodec.Encode(article, fingerprint);
        if (body.BlobName is not null)
        {
            await _content.GetBlobClient(body.BlobName)
                .UploadAsync(BinaryData.FromBytes(body.Bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        var actions = new List<TableTransactionAction>();
        var articleRow = ArticleRow(ArticleKeys.Article(article.Id), article, fingerprint, body);
        actions.Add(existingRow is null
            ? new TableTransactionAction(TableTransactionActionType.Add, articleRow)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, articleRow, existingRow.ETag));

        var old = existing?.Article;
        var oldListings = old is null ? [] : ListingsOf(old);
        foreach (var listing in ListingsOf(article))
        {
            var key = ArticleKeys.Entry(listing, article.Published, article.Id);
            var oldKey = old is null ? null : ArticleKeys.Entry(listing, old.Published, old.Id);
            if (oldKey == key)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, ArticleRow(key, article, fingerprint, body), ETag.All));
            }
            else
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ArticleRow(key, article, fingerprint, body)));
            }
        }

        // Rows the article leaves (its date or section changed) go in the same transaction.
        foreach (var oldKey in oldListings.Select(l => ArticleKeys.Entry(l, old!.Published, old.Id)))
        {
            if (!actions.Any(a => a.Entity.RowKey == oldKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, oldKey), ETag.All));
            }
        }

        var ascending = ArticleKeys.AscendingEntry(article.Published, article.Id);
        var oldAscending = old is null ? null : ArticleKeys.AscendingEntry(old.Published, old.Id);
        if (ascending != oldAscending)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(ArticleKeys.Partition, ascending)));
            if (oldAscending is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, oldAscending), ETag.All));
            }
        }

        actions.AddRange(await UpdateCountersAsync(old, article, article.Id, now, cancellationToken).ConfigureAwait(false));
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        var oldBlob = existingRow is null ? null : ArticleEntityCodec.BlobName(existingRow);
        if (oldBlob is not null && oldBlob != body.BlobName)
        {
            await _content.GetBlobClient(oldBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return new SaveOutcome(existing is null ? SaveStatus.Created : SaveStatus.Updated, new StoredArticle(article, EntityTagOf(fingerprint)));
    }

    private async Task<bool> TryDeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken)
    {
        var row = await ReadArticleRowAsync(id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        CheckIfMatch(ifMatch, row);
        var old = (await ToStoredAsync(row, cancellationToken).ConfigureAwait(false)).Article;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, row.RowKey), row.ETag),
            new(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, ArticleKeys.AscendingEntry(old.Published, old.Id)), ETag.All),
        };
        actions.AddRange(ListingsOf(old).Select(listing =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ArticleKeys.Partition, ArticleKeys.Entry(listing, old.Published, old.Id)), ETag.All)));
        actions.AddRange(await UpdateCountersAsync(old, null, id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);

        if (ArticleEntityCodec.BlobName(row) is { } blob)
        {
            await _content.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return true;
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

    /// <summary>
    /// The counter rows an insert or update changes: every touched listing's count, newest and oldest
    /// dates and version. Dates that may move back (an article moved away) are read again from the listing.
    /// </summary>
    private async Task<List<TableTransactionAction>> UpdateCountersAsync(
        Article? old, Article? current, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var allKey = ArticleKeys.Stats(ArticleKeys.AllListing);
        var newSection = current is null ? null : ArticleKeys.SectionListing(current.Section.Slug);
        var oldSection = old is null ? null : ArticleKeys.SectionListing(old.Section.Slug);
        var listings = new[] { ArticleKeys.AllListing, newSection, oldSection }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var reads = listings.Select(l => ReadStatsAsync(l, cancellationToken)).ToList();
        var stats = (await Task.WhenAll(reads).ConfigureAwait(false)).ToDictionary(s => s.RowKey, StringComparer.Ordinal);
        var all = stats[allKey];

        foreach (var listing in listings)
        {
            var row = stats[ArticleKeys.Stats(listing)];
            var holdsNew = current is not null && (listing == ArticleKeys.AllListing || listing == newSection);
            var heldOld = old is not null && (listing == ArticleKeys.AllListing || listing == oldSection);
            row.Count += (holdsNew ? 1 : 0) - (heldOld ? 1 : 0);
            if (holdsNew && listing != ArticleKeys.AllListing)
            {
                row.Name = current!.Section.Name;
            }

            var published = holdsNew ? current!.Published : (DateTimeOffset?)null;
            var dateMayFallBack = heldOld && (!holdsNew || current!.Published < old!.Published);
            row.Latest = dateMayFallBack
                ? Max(await FirstOtherAsync(listing, id, cancellationToken).ConfigureAwait(false), published)
                : Max(row.Latest, published);
            row.Touch(now);
        }

        all.First = old is not null && (current is null || current.Published > old.Published)
            ? Min(await FirstOtherAsync(ArticleKeys.AscendingListing, id, cancellationToken).ConfigureAwait(false), current?.Published)
            : Min(all.First, current?.Published);

        foreach (var listing in listings.Where(l => l != ArticleKeys.AllListing))
        {
            var row = stats[ArticleKeys.Stats(listing)];
            var slug = listing["sec|".Length..^1];
            if (row.Count > 0)
            {
                all.Sections[slug] = new ListingStats.SectionCounters(row.Name ?? slug, row.Count, row.Latest);
            }
            else
            {
                all.Sections.Remove(slug);
            }
        }

        return stats.Values.Select(s => s.ToAction()).ToList();
    }

    private async Task<ListingStats> ReadStatsAsync(string listing, CancellationToken cancellationToken)
    {
        var key = ArticleKeys.Stats(listing);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ListingStats.FromEntity(response.Value!) : ListingStats.Empty(key);
    }

    /// <summary>
    /// The date of the first entry of a listing that is not <paramref name="id"/> (the newest of a newest-first
    /// listing, the oldest of <see cref="ArticleKeys.AscendingListing"/>): reads two keys, no bodies.
    /// </summary>
    private async Task<DateTimeOffset?> FirstOtherAsync(string listing, string id, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ArticleKeys.Partition} and RowKey gt {ArticleKeys.Stats(listing)} and RowKey lt {ArticleKeys.End(listing)}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: 2, select: ["RowKey"], cancellationToken: cancellationToken)
                           .AsPages().ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                var (published, rowId) = ArticleKeys.ParseEntry(listing, row.RowKey);
                if (rowId != id)
                {
                    return published;
                }
            }

            if (page.Values.Count >= 2)
            {
                break;
            }
        }

        return null;
    }

    private async Task SubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            changes.Changed();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && ex.ErrorCode is not "TableNotFound")
        {
            // Another writer changed a row we read: start again from fresh reads.
            throw new WriteConflictException(ex);
        }
    }

    /// <summary>Reads a listing range: from its counters row (first page) or after a cursor, at most <paramref name="take"/> entries.</summary>
    private async Task<List<TableEntity>> ReadListingAsync(string listing, string? after, int take, CancellationToken cancellationToken)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.Partition} and RowKey ge {ArticleKeys.Stats(listing)} and RowKey lt {ArticleKeys.End(listing)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ArticleKeys.Partition} and RowKey gt {after} and RowKey lt {ArticleKeys.End(listing)}");
        var wanted = after is null ? take + 1 : take;
        var rows = new List<TableEntity>(wanted);
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(wanted, 1000), cancellationToken: cancellationToken)
                           .AsPages().ConfigureAwait(false))
        {
            rows.AddRange(page.Values.Take(wanted - rows.Count));
            if (rows.Count >= wanted)
            {
                break;
            }
        }

        return rows;
    }

    private async Task<TableEntity?> ReadArticleRowAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.Partition, ArticleKeys.Article(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task<StoredArticle> ToStoredAsync(TableEntity row, CancellationToken cancellationToken)
        => new(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false), EntityTagOf(row.GetString(ArticleEntityCodec.FingerprintProperty) ?? row.ETag.ToString()));

    private async Task<List<Article>> ReadArticlesAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var articles = new List<Article>(rows.Count);
        foreach (var row in rows)
        {
            articles.Add(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false));
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

    private static TableEntity ArticleRow(string rowKey, Article article, string fingerprint, ArticleEntityCodec.EncodedBody body)
    {
        var entity = new TableEntity(ArticleKeys.Partition, rowKey);
        ArticleEntityCodec.Write(entity, article, fingerprint, body);
        return entity;
    }

    private static string[] ListingsOf(Article article) => [ArticleKeys.AllListing, ArticleKeys.SectionListing(article.Section.Slug)];

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
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException or SocketException or TaskCanceledException))
        {
            LogUnavailable(logger, ex, 0);
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
        catch (HttpRequestException ex)
        {
            LogUnavailable(logger, ex, 0);
            throw new StorageUnavailableException("Storage did not answer.", ex);
        }
    }

    private sealed class WriteConflictException(Exception inner) : Exception("Another writer changed the article first.", inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write of {ArticleId} lost a race (attempt {Attempt}); retrying")]
    private static partial void LogConflict(ILogger logger, string articleId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable (status {Status})")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, int status);
}
