using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Articles in Azure Table Storage (keys in <see cref="ArticleKeys"/>, rules and costs in docs/STORAGE.md), in parts:
/// reads (<c>.Reads.cs</c>), writes (<c>.Writes.cs</c>, <c>.Bulk.cs</c>), the sequencer that numbers the change feed and
/// keeps the counters (<c>.Sequencer.cs</c>), backups and migrations (<c>.Archive.cs</c>), and here what they share:
/// row access, the storage-outage guard and the transaction builder.
/// </summary>
public sealed partial class TableArticleStore(
    StorageClients clients,
    ArticleChangeSignal changes,
    SectionNames sectionNames,
    IOptions<SyndicationOptions> options,
    TimeProvider time,
    ILogger<TableArticleStore> logger) : IArticleStore, IDisposable
{
    private const string StateProperty = "State";
    private const string ListedAtProperty = "ListedAt";
    private const string WithdrawnAtProperty = "WithdrawnAt";
    private const string RevisionProperty = "Revision";
    private const string KindProperty = "Kind";
    private const string AtProperty = "At";
    private const string Withdrawn = "withdrawn";

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ArticlesTable);
    private readonly BlobContainerClient _content = clients.Blobs.GetBlobContainerClient(StorageNames.ContentContainer);

    public void Dispose() => _sequencerTurn.Dispose();

    public Task PingAsync(CancellationToken cancellationToken)
        => Guard(async () =>
        {
            // A point read of a row that need not exist: one cheap request that fails when storage does.
            await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.ChangesPartition, "ping", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
            return true;
        });

    // ---- Rows ----

    private async Task<TableEntity?> ReadArticleRowAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ArticleKeys.PartitionOf(id), ArticleKeys.Article(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static bool IsTombstone(TableEntity row) => row.GetString(StateProperty) == Withdrawn;

    private async Task<StoredArticle> ToStoredAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var article = sectionNames.Apply(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false));
        return new StoredArticle(article, EntityTagOf(row.GetString(ArticleEntityCodec.FingerprintProperty) ?? row.ETag.ToString()),
            row.GetDateTimeOffset(ListedAtProperty) ?? article.Published);
    }

    private async Task<List<Article>> ReadArticlesAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var articles = new List<Article>();
        foreach (var row in rows)
        {
            articles.Add(sectionNames.Apply(await ReadArticleAsync(row, cancellationToken).ConfigureAwait(false)));
        }

        return articles;
    }

    private Task<Article> ReadArticleAsync(TableEntity row, CancellationToken cancellationToken)
        => ArticleEntityCodec.ReadAsync(row, _content, cancellationToken);

    private static TableEntity ArticleRow(string partition, string rowKey, Article article, string fingerprint, ArticleEntityCodec.EncodedBody body)
    {
        var entity = new TableEntity(partition, rowKey);
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
            // The key and the content's fingerprint, not the row's ETag: a row copied as it is (a migration, a restore)
            // keeps the validators readers hold.
            text.Append(row.RowKey).Append('\n').Append(row.GetString(ArticleEntityCodec.FingerprintProperty) ?? row.GetString(KindProperty)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    // ---- Ranges ----

    private static string RangeFrom(string key, bool inclusive) => (inclusive ? "ge|" : "gt|") + key;

    /// <summary>Rows of one partition from <paramref name="from"/> (see <see cref="RangeFrom"/>) up to <paramref name="end"/>, at most <paramref name="take"/>.</summary>
    private async Task<List<TableEntity>> ReadRangeAsync(string partition, string from, string end, int take, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var rows = new List<TableEntity>(Math.Min(take, 1000));
        await foreach (var row in QueryRangeAsync(partition, from, end, take, cancellationToken, select).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count >= take)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// The first <paramref name="take"/> rows of a range over every shard: each shard's first <paramref name="take"/>
    /// (in parallel, one round trip), merged by key. Keys end with the article's id, so the order is one global order.
    /// </summary>
    private async Task<List<TableEntity>> ReadShardsAsync(string from, string end, int take, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var selected = select?.ToList();
        var reads = ArticleKeys.Shards.Select(shard => ReadRangeAsync(shard, from, end, take, cancellationToken, selected)).ToList();
        var shards = await Task.WhenAll(reads).ConfigureAwait(false);
        return shards.SelectMany(rows => rows).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(take).ToList();
    }

    private async IAsyncEnumerable<TableEntity> QueryRangeAsync(
        string partition, string from, string end, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var key = from[3..];
        var filter = from.StartsWith("ge|", StringComparison.Ordinal)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {key} and RowKey lt {end}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {key} and RowKey lt {end}");
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

    // ---- Transactions ----

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

    /// <summary>The operations of one transaction in <paramref name="partition"/>, one per row key (a later one for the same key wins).</summary>
    private sealed class RowActions(string partition)
    {
        private readonly List<TableTransactionAction> _actions = [];

        public string Partition => partition;

        public int Count => _actions.Count;

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

            _actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), etag ?? ETag.All));
        }

        public void Add(TableTransactionAction action) => _actions.Add(action);

        /// <summary>Writes a new row that must not exist yet.</summary>
        public void Insert(TableEntity entity) => _actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));

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
