using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Storage.Layout;

/// <summary>
/// Brings the store to <see cref="StoreLayout.CurrentVersion"/>, one <see cref="ILayoutStep"/> after another, while the app
/// serves. The layout row records the version; an instance migrates only while it holds the row's lease, and saves a
/// checkpoint after every batch under the row's ETag, so several instances starting at once migrate each batch once
/// between them, and a crash or a restart resumes from the last checkpoint (the batch after it runs again: steps are
/// idempotent). A store that records no version is examined once: the oldest step that finds its data sets it.
/// </summary>
public sealed partial class LayoutMigrator(
    StorageClients clients,
    IEnumerable<ILayoutStep> steps,
    TimeProvider time,
    ILogger<LayoutMigrator> logger)
{
    private const string VersionProperty = "Version";
    private const string CheckpointProperty = "Checkpoint";
    private const string OwnerProperty = "Owner";
    private const string LeaseUntilProperty = "LeaseUntil";
    private const string MigratedProperty = "Migrated";

    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ArticlesTable);
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly IReadOnlyList<ILayoutStep> _steps = steps.OrderBy(s => s.From).ToList();

    /// <summary>How often an instance that waits for another's migration looks at the layout row again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What this instance last saw (null version: not looked yet).</summary>
    public LayoutStatus Status { get; private set; } = new(null, StoreLayout.CurrentVersion, false, 0);

    /// <summary>Returns once the store is at the current layout (migrated here or by another instance).</summary>
    public async Task<LayoutStatus> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = await ReadOrCreateAsync(cancellationToken).ConfigureAwait(false);
            var version = row.GetInt32(VersionProperty) ?? StoreLayout.CurrentVersion;
            Observe(row);
            if (version >= StoreLayout.CurrentVersion)
            {
                return Status;
            }

            var owner = row.GetString(OwnerProperty);
            if (owner is not null && owner != _owner && row.GetDateTimeOffset(LeaseUntilProperty) > time.GetUtcNow())
            {
                // Another instance migrates: serve, and look again later.
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            row[OwnerProperty] = _owner;
            row[LeaseUntilProperty] = time.GetUtcNow() + StoreLayout.Lease;
            if (!await TryReplaceAsync(row, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var step = _steps.FirstOrDefault(s => s.From == version)
                ?? throw new InvalidOperationException($"No layout step migrates layout {version}; this release cannot read it.");
            LogMigrating(logger, version, version + 1, row.GetString(CheckpointProperty) ?? "(start)");
            await MigrateAsync(step, row, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(ILayoutStep step, TableEntity row, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await step.MigrateBatchAsync(row.GetString(CheckpointProperty), cancellationToken).ConfigureAwait(false);
            row[MigratedProperty] = (row.GetInt64(MigratedProperty) ?? 0) + batch.Moved;
            SyndicationMetrics.LayoutMigrated.Add(batch.Moved);
            if (batch.Done)
            {
                row[VersionProperty] = step.From + 1;
                row.Remove(CheckpointProperty);
                row.Remove(OwnerProperty);
                row.Remove(LeaseUntilProperty);
            }
            else
            {
                row[CheckpointProperty] = batch.Checkpoint;
                row[LeaseUntilProperty] = time.GetUtcNow() + StoreLayout.Lease;
            }

            if (!await TryReplaceAsync(row, cancellationToken).ConfigureAwait(false))
            {
                // The lease lapsed and another instance took over: it continues from the last checkpoint.
                LogLeaseLost(logger, step.From);
                return;
            }

            Observe(row);
            if (batch.Done)
            {
                LogMigrated(logger, step.From + 1, row.GetInt64(MigratedProperty) ?? 0);
                return;
            }
        }
    }

    private void Observe(TableEntity row)
    {
        var version = row.GetInt32(VersionProperty) ?? StoreLayout.CurrentVersion;
        Status = new LayoutStatus(version, StoreLayout.CurrentVersion, version < StoreLayout.CurrentVersion, row.GetInt64(MigratedProperty) ?? 0);
    }

    private async Task<TableEntity> ReadOrCreateAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(StoreLayout.Partition, StoreLayout.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue)
            {
                return existing.Value!;
            }

            // No version recorded: a new store, or one written before versions were. The oldest step with data decides.
            var version = StoreLayout.CurrentVersion;
            foreach (var step in _steps)
            {
                if (await step.FindsOldDataAsync(cancellationToken).ConfigureAwait(false))
                {
                    version = step.From;
                    break;
                }
            }

            try
            {
                await _table.AddEntityAsync(new TableEntity(StoreLayout.Partition, StoreLayout.Row) { [VersionProperty] = version }, cancellationToken).ConfigureAwait(false);
                LogRecorded(logger, version);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another instance recorded it first: read theirs.
            }
        }
    }

    private async Task<bool> TryReplaceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            row.ETag = response.Headers.ETag ?? row.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage layout {Version} recorded")]
    private static partial void LogRecorded(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrating the storage layout from {From} to {To}, from checkpoint {Checkpoint}; the app serves meanwhile")]
    private static partial void LogMigrating(ILogger logger, int from, int to, string checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage layout is now {Version}; {Migrated} rows migrated")]
    private static partial void LogMigrated(ILogger logger, int version, long migrated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on the migration from layout {From}; another instance continues")]
    private static partial void LogLeaseLost(ILogger logger, int from);
}
