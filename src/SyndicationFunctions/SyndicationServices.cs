using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.Backup;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Storage.Layout;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions;

/// <summary>What the functions need, one line per concern. Called by Program.cs and by the local host.</summary>
public static class SyndicationServices
{
    public static IServiceCollection AddSyndication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // "Now" comes from one clock, so tests can pin it.
        services.AddSingleton(TimeProvider.System);

        // The app's settings, checked at start rather than on first use.
        services.AddSyndicationOptions();

        // Articles in Table Storage, files in Blob Storage.
        services.AddArticleStorage();

        // The layout version, and the migration of older layouts while the app serves.
        services.AddStoreLayout();

        // Export and import of the whole store; the scheduled backup.
        services.AddBackup();

        // Format readers, the ingest rule and the blob inbox.
        services.AddIngestion();

        // RSS, Atom and JSON Feed writers and the page composer.
        services.AddFeeds();

        // The WebSub hub and partner webhooks: one queue message per public change, fanned out by queue functions.
        services.AddPush();
        // The app's metrics: Application Insights in Azure, the console locally when asked.
        services.AddMetricsExport(configuration);

        return services;
    }
}
