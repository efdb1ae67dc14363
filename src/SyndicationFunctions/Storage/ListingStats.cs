using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// The counters of the store (every article, and each section in <see cref="Sections"/>), kept in the sequencer's state
/// row and changed by the round that numbers each change, so the summary never counts by scanning. Counts include scheduled
/// articles; <see cref="Schedule"/> (on the every-article row) says which are not public yet, so a reader
/// works out at any instant what is public then, without a write.
/// </summary>
internal sealed class ListingStats
{
    public string Partition { get; init; } = ArticleKeys.ChangesPartition;
    public required string RowKey { get; init; }
    public ETag? ETag { get; init; }

    /// <summary>The pending changes the last sequencer round numbered (<c>{partition} {rowKey}</c>), until the next round.</summary>
    public List<string> LastBatch { get; set; } = [];

    /// <summary>Layout 2's changes are still in its partition (until its migration moves them): the change feed reads both.</summary>
    public bool LegacyChanges { get; set; }

    /// <summary>The section's display name: the first one given for its slug (section rows only).</summary>
    public string? Name { get; set; }

    /// <summary>Articles stored (public or scheduled, not withdrawn).</summary>
    public int Count { get; set; }

    /// <summary>The newest publication date among articles public when last written (scheduled ones add theirs when due).</summary>
    public DateTimeOffset? Latest { get; set; }

    public DateTimeOffset? First { get; set; }

    /// <summary>When anything public last changed (not a scheduled article's write).</summary>
    public DateTimeOffset LastModified { get; set; }

    /// <summary>Counts public changes only: validators of what readers see hang on it.</summary>
    public long Version { get; set; }

    /// <summary>Scheduled articles folded into the counters so far: with those due now, part of the summary's version.</summary>
    public long Promoted { get; set; }

    /// <summary>The last change-feed sequence committed (every-article row only).</summary>
    public long Sequence { get; set; }

    /// <summary>The oldest change still kept, and when it happened (every-article row only).</summary>
    public long OldestSequence { get; set; } = 1;

    public DateTimeOffset? OldestChangeAt { get; set; }

    /// <summary>Only on the every-article row: each section's counters, for the summary in one read.</summary>
    public Dictionary<string, SectionCounters> Sections { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Only on the every-article row: the scheduled articles whose change feed entry is still to come.</summary>
    public List<ScheduledEntry> Schedule { get; init; } = [];

    public sealed record SectionCounters(string Name, int Count, DateTimeOffset? Latest);

    /// <param name="At">When it becomes public (its publication date).</param>
    public sealed record ScheduledEntry(string Id, string Section, DateTimeOffset At);

    public static ListingStats Empty(string rowKey) => new() { RowKey = rowKey };

    /// <summary>The sequencer's state of a store that holds nothing yet.</summary>
    public static ListingStats EmptyState() => Empty(ArticleKeys.StateRow);

    /// <summary>
    /// The sequencer's first state in a store upgraded from layout 2: its sequence and change retention (so cursors go
    /// on), its section names and validators; no count, date or schedule, which its migration adds article by article.
    /// </summary>
    public static ListingStats SeedFromLayout2(TableEntity layout2)
    {
        var old = FromEntity(layout2);
        var state = EmptyState();
        state.Sequence = old.Sequence;
        state.OldestSequence = old.OldestSequence;
        state.OldestChangeAt = old.OldestChangeAt;
        state.Version = old.Version;
        state.Promoted = old.Promoted;
        state.LastModified = old.LastModified;
        state.LegacyChanges = true;
        foreach (var (slug, counters) in old.Sections)
        {
            state.Sections[slug] = counters with { Count = 0, Latest = null };
        }

        return state;
    }

    public static ListingStats FromEntity(TableEntity entity)
    {
        var sections = entity.GetString("Sections");
        var schedule = entity.GetString("Schedule");
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
            Sequence = entity.GetInt64("Sequence") ?? 0,
            Promoted = entity.GetInt64("Promoted") ?? 0,
            OldestSequence = entity.GetInt64("OldestSequence") ?? 1,
            OldestChangeAt = entity.GetDateTimeOffset("OldestChangeAt"),
            Sections = string.IsNullOrEmpty(sections)
                ? new(StringComparer.Ordinal)
                : JsonSerializer.Deserialize<Dictionary<string, SectionCounters>>(sections, ArticleJson.Options) ?? new(StringComparer.Ordinal),
            Schedule = string.IsNullOrEmpty(schedule)
                ? []
                : JsonSerializer.Deserialize<List<ScheduledEntry>>(schedule, ArticleJson.Options) ?? [],
            Partition = entity.PartitionKey,
            LastBatch = entity.GetString("LastBatch") is { Length: > 0 } batch ? [.. batch.Split('\n')] : [],
            LegacyChanges = entity.GetBoolean("LegacyChanges") ?? false,
        };
    }

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(Partition, RowKey)
        {
            ["Name"] = Name,
            ["Count"] = Count,
            ["Latest"] = Latest,
            ["First"] = First,
            ["LastModified"] = LastModified,
            ["Version"] = Version,
            ["Sequence"] = Sequence,
            ["Promoted"] = Promoted,
            ["OldestSequence"] = OldestSequence,
            ["OldestChangeAt"] = OldestChangeAt,
        };
        if (Sections.Count > 0)
        {
            entity["Sections"] = JsonSerializer.Serialize(Sections, ArticleJson.Options);
        }

        if (Schedule.Count > 0)
        {
            entity["Schedule"] = JsonSerializer.Serialize(Schedule, ArticleJson.Options);
        }

        if (LastBatch.Count > 0)
        {
            entity["LastBatch"] = string.Join('\n', LastBatch);
        }

        if (LegacyChanges)
        {
            entity["LegacyChanges"] = true;
        }

        return entity;
    }

    /// <summary>The write that puts this row back: an insert when new, else a replace guarded by its ETag.</summary>
    public TableTransactionAction ToAction()
        => ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(), etag)
            : new TableTransactionAction(TableTransactionActionType.Add, ToEntity());

    /// <summary>Marks a public change: readers' validators move.</summary>
    public void Touch(DateTimeOffset now)
    {
        Version++;
        LastModified = now > LastModified ? now : LastModified.AddTicks(TimeSpan.TicksPerSecond);
    }

    /// <summary>Scheduled entries still in the future at <paramref name="now"/>, for one section or all.</summary>
    public IEnumerable<ScheduledEntry> Pending(DateTimeOffset now, string? section = null)
        => Schedule.Where(e => e.At > now && (section is null || e.Section == section));

    /// <summary>Scheduled entries whose time has come at <paramref name="now"/>.</summary>
    public IEnumerable<ScheduledEntry> Due(DateTimeOffset now, string? section = null)
        => Schedule.Where(e => e.At <= now && (section is null || e.Section == section));
}
