using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.Backup;

public static class BackupServices
{
    /// <summary>Export and import of the whole store, and the scheduled export into the backups container.</summary>
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddSingleton<StoreExporter>();
        services.AddSingleton<StoreImporter>();
        services.AddSingleton<ScheduledBackup>();
        return services;
    }
}
