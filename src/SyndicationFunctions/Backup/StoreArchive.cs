namespace SyndicationFunctions.Backup;

/// <summary>
/// The archive format (docs/OPERATIONS.md, "Archive format"): gzip-compressed NDJSON, one JSON object per line, each with
/// a <c>type</c>: one <c>header</c>, then <c>article</c> lines (an article written during the export appears again later,
/// and the later line wins), <c>change</c> lines in sequence order, <c>cancelled</c> lines, and one <c>end</c> line with the
/// change-feed position and section names. An archive without its <c>end</c> line is incomplete.
/// </summary>
public static class StoreArchive
{
    public const string Format = "syndication-archive";
    public const int FormatVersion = 1;

    public const string Header = "header";
    public const string Article = "article";
    public const string Change = "change";
    public const string Cancelled = "cancelled";
    public const string End = "end";

    /// <summary>How many times the export looks again for articles written while it ran, before it settles for the last look.</summary>
    public const int MaxPasses = 10;

    /// <summary>The blob name of a scheduled export in the backups container.</summary>
    public static string BlobName(DateTimeOffset at) => $"syndication-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.ndjson.gz";
}

/// <summary>What an export or import moved.</summary>
public sealed record ArchiveCounts(long Articles, long Changes, long Passes);
