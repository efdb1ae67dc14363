using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.Backup;

/// <summary>The scheduled backup: the whole store into the backups container, on the schedule the app setting names.</summary>
public sealed class BackupFunction(ScheduledBackup backup)
{
    /// <summary>The app setting holding the NCRONTAB schedule (the Bicep sets it: daily at 03:17 UTC by default).</summary>
    public const string ScheduleSetting = "SYNDICATION_BACKUP_SCHEDULE";

    [Function(nameof(BackupStore))]
    public Task BackupStore([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => backup.RunAsync(cancellationToken);
}
