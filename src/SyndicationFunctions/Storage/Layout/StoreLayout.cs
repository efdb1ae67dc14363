namespace SyndicationFunctions.Storage.Layout;

/// <summary>
/// The version of the storage layout this app reads and writes, recorded in the layout row of the articles table
/// (partition <see cref="Partition"/>, row <see cref="Row"/>), with the migration's lease and checkpoint.
/// </summary>
public static class StoreLayout
{
    /// <summary>
    /// 1: table <c>articles</c>, publication-order listings only (until main at e7c431e). 2: table <c>syndication</c>,
    /// feed order, schedule, tombstones and the change feed, one partition and one counters row (until main at a5620d9).
    /// 3: the same table, articles in shard partitions, the change feed and counters kept by a sequencer
    /// (docs/STORAGE.md). Raise it with each layout change,
    /// beside the <see cref="ILayoutStep"/> that moves the previous layout's data.
    /// </summary>
    public const int CurrentVersion = 3;

    public const string Partition = "layout";
    public const string Row = "version";

    /// <summary>How long a migrating instance holds the lease without renewing it (each batch renews it).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
}

/// <summary>What <c>/api/health</c> says of the layout: the version the data is in, the version the app writes, whether a migration runs.</summary>
public sealed record LayoutStatus(int? Version, int Current, bool Migrating, long Migrated);
