using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage.Layout;

/// <summary>
/// Layout 1 to 2: the table <c>articles</c> (publication-order listings, counters with section names) into the table
/// <c>syndication</c>. Reads layout 1's every-article listing newest first, so the feeds' first pages fill first, and
/// writes each article as published when it last changed (its <c>updated</c>), with a <c>published</c> change; an id
/// the new layout already holds (written since the upgrade, or migrated before a crash) is left as it is. Layout 1 kept
/// no tombstones, schedule or change feed. Its table is left in place; docs/OPERATIONS.md says when to delete it.
/// </summary>
public sealed class ArticlesTableStep(StorageClients clients, IArticleArchive archive, TimeProvider time) : ILayoutStep
{
    /// <summary>Layout 1's table.</summary>
    public const string Table = "articles";

    private const string Partition = "articles";
    private const string Listing = "all|";

    private readonly TableClient _old = clients.Tables.GetTableClient(Table);

    public int From => 1;

    /// <summary>Articles per batch (each batch saves a checkpoint and renews the lease).</summary>
    public int BatchSize { get; init; } = 50;

    public async Task<bool> FindsOldDataAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _old.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {Listing + "!"} and RowKey lt {Listing + "~"}"),
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

    public async Task<LayoutBatch> MigrateBatchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var names = await SectionNamesAsync(cancellationToken).ConfigureAwait(false);
        var from = checkpoint ?? Listing + "!";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {from} and RowKey lt {Listing + "~"}");
        var rows = new List<TableEntity>(BatchSize);
        await foreach (var row in _old.QueryAsync<TableEntity>(filter, maxPerPage: BatchSize, cancellationToken: cancellationToken).ConfigureAwait(false))
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
            var article = await ReadAsync(row, cancellationToken).ConfigureAwait(false);
            if (names.TryGetValue(article.Section.Slug, out var name))
            {
                article = article with { Section = article.Section with { Name = name } };
            }

            // When it last became public or changed, as near as layout 1 tells: its last update, never before publication.
            var now = time.GetUtcNow();
            var listedAt = article.Updated < article.Published ? article.Published : article.Updated > now ? now : article.Updated;
            var record = new ArchivedArticle(article.Id, ArchivedStates.Public, listedAt, null, article.Section.Slug, article);
            if (await archive.RestoreAsync(record, RestoreMode.KeepNewer, cancellationToken).ConfigureAwait(false))
            {
                moved++;
            }
        }

        // Counted and numbered before the checkpoint moves on.
        await archive.SettleAsync(cancellationToken).ConfigureAwait(false);
        return new LayoutBatch(rows.Count > 0 ? rows[^1].RowKey : checkpoint, moved, rows.Count < BatchSize);
    }

    private Task<Article> ReadAsync(TableEntity row, CancellationToken cancellationToken)
        => ArticleEntityCodec.ReadAsync(row, clients.Blobs.GetBlobContainerClient(StorageNames.ContentContainer), cancellationToken);

    /// <summary>Layout 1's section names, kept in its every-article counters row.</summary>
    private async Task<Dictionary<string, string>> SectionNamesAsync(CancellationToken cancellationToken)
    {
        var stats = await _old.GetEntityIfExistsAsync<TableEntity>(Partition, Listing + "!", ["Sections"], cancellationToken).ConfigureAwait(false);
        var json = stats.HasValue ? stats.Value!.GetString("Sections") : null;
        if (string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Object && p.Value.TryGetProperty("name", out _))
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("name").GetString() ?? p.Name, StringComparer.Ordinal);
    }
}
