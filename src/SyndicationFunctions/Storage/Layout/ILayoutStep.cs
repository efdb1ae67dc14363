namespace SyndicationFunctions.Storage.Layout;

/// <summary>
/// One change of the storage layout: moves data from layout <see cref="From"/> to <see cref="From"/> + 1, a batch at a
/// time, while the app serves. A batch must be idempotent (it may run again after a crash before its checkpoint was
/// saved) and must never overwrite what the newer layout already holds. Register it in <see cref="LayoutServices"/>.
/// </summary>
public interface ILayoutStep
{
    /// <summary>The layout this step migrates from; it leaves the store at <c>From + 1</c>.</summary>
    int From { get; }

    /// <summary>For a store that records no layout version (written before versions were recorded): is this step's old data there?</summary>
    Task<bool> FindsOldDataAsync(CancellationToken cancellationToken);

    /// <summary>Migrates the next batch after <paramref name="checkpoint"/> (null: the start).</summary>
    Task<LayoutBatch> MigrateBatchAsync(string? checkpoint, CancellationToken cancellationToken);
}

/// <summary>Where a batch stopped (saved in the layout row, so a restart resumes there), how much it moved, and whether the step is done.</summary>
public sealed record LayoutBatch(string? Checkpoint, int Moved, bool Done);
