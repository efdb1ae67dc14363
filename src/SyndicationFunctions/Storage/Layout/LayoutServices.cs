using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SyndicationFunctions.Storage.Layout;

public static partial class LayoutServices
{
    /// <summary>The layout steps, oldest first, and the migrator that runs them in the background at start.</summary>
    public static IServiceCollection AddStoreLayout(this IServiceCollection services)
    {
        // One line per layout change: the step that moves the previous layout's data.
        services.AddSingleton<ILayoutStep, ArticlesTableStep>();
        services.AddSingleton<ILayoutStep, ShardedLayoutStep>();

        services.AddSingleton<LayoutMigrator>();
        services.AddHostedService<LayoutMigrationService>();
        return services;
    }

    /// <summary>Runs the migrator without holding up the start: the app serves while it migrates. Retries while storage is down.</summary>
    private sealed partial class LayoutMigrationService(LayoutMigrator migrator, TimeProvider time, ILogger<LayoutMigrationService> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // Let the host finish starting (and the start-up create the tables) first.
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await migrator.RunAsync(stoppingToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is RequestFailedException or StorageUnavailableException or HttpRequestException or AggregateException)
                {
                    LogRetry(logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "The storage layout could not be checked or migrated; trying again shortly")]
        private static partial void LogRetry(ILogger logger, Exception exception);
    }
}
