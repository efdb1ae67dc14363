using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The counters of one listing (every article, or one section), kept as a row beside it and
/// changed in the same transaction as the articles, so the summary never counts by scanning.
/// </summary>
internal sealed class ListingStats
{
    public required string RowKey { get; init; }
    public ETag? ETag { get; init; }
    public string? Name { get; set; }
    public int Count { get; set; }
    public DateTimeOffset? Latest { get; set; }
    public DateTimeOffset? First { get; set; }
    public DateTimeOffset LastModified { get; set; }
    public long Version { get; set; }

    /// <summary>Only on the every-article row: each section's counters, for the summary in one read.</summary>
    public Dictionary<string, SectionCounters> Sections { get; init; } = new(StringComparer.Ordinal);

    public sealed record SectionCounters(string Name, int Count, DateTimeOffset? Latest);

    public static ListingStats Empty(string rowKey) => new() { RowKey = rowKey };

    public static ListingStats FromEntity(TableEntity entity)
    {
        var sections = entity.GetString("Sections");
        return new ListingStats
        {
            RowKey = entity.RowKey,
            ETag = entity.ETag,
            Name = entity.GetString("Name"),
            Count = entity.GetInt32("Count") ?? 0,
            Latest = entity.GetDateTimeOffset("Latest"),
            First = entity.GetDateTimeOffset("First"),
            LastModified = entity.GetDateTimeOffset("LastModified") ?? entity.Timestamp ?? DateTimeOffset.UnixEpoch,
            Version = entity.GetInt64("Version") ?? 0,
            Sections = string.IsNullOrEmpty(sections)
                ? new(StringComparer.Ordinal)
                : JsonSerializer.Deserialize<Dictionary<string, SectionCounters>>(sections, ArticleJson.Options) ?? new(StringComparer.Ordinal),
        };
    }

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(ArticleKeys.Partition, RowKey)
        {
            ["Name"] = Name,
            ["Count"] = Count,
            ["Latest"] = Latest,
            ["First"] = First,
            ["LastModified"] = LastModified,
            ["Version"] = Version,
        };
        if (Sections.Count > 0)
        {
            entity["Sections"] = JsonSerializer.Serialize(Sections, ArticleJson.Options);
        }

        return entity;
    }

    /// <summary>The write that puts this row back: an insert when new, else a replace guarded by its ETag.</summary>
    public TableTransactionAction ToAction()
        => ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(), etag)
            : new TableTransactionAction(TableTransactionActionType.Add, ToEntity());

    public void Touch(DateTimeOffset now)
    {
        Version++;
        LastModified = now > LastModified ? now : LastModified.AddTicks(TimeSpan.TicksPerSecond);
    }
}
