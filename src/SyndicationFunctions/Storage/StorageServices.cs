using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

public static partial class StorageServices
{
    /// <summary>Table Storage for articles, Blob Storage for the inbox and for oversized bodies.</summary>
    public static IServiceCollection AddArticleStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageClients>();
        services.AddSingleton<ArticleChangeSignal>();
        services.AddSingleton<SectionNames>();
        services.AddSingleton<TableArticleStore>();
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<TableArticleStore>());
        services.AddSingleton<IArticleArchive>(sp => sp.GetRequiredService<TableArticleStore>());
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Creates every table and container of <see cref="StorageNames"/> that is missing.</summary>
    public static async Task EnsureCreatedAsync(StorageClients clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var table in StorageNames.Tables)
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var container in StorageNames.Containers)
        {
            await clients.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the table and containers when they are missing. In Azure the Bicep creates them; locally
    /// Azurite starts empty. A failure is logged, not fatal: storage may come up after the app.
    /// </summary>
    private sealed partial class StorageInitializer(StorageClients clients, ILogger<StorageInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await EnsureCreatedAsync(clients, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
            {
                LogCreateFailed(logger, ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the storage tables and containers at start")]
        private static partial void LogCreateFailed(ILogger logger, Exception exception);
    }
}
