using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.Ingestion;

public static class IngestionServices
{
    /// <summary>The readers that turn bodies into articles, the ingest rule (one article and a batch), and the inbox processor.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSingleton<ArticleParser>();
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<BatchIngestor>();
        services.AddSingleton<InboxProcessor>();
        return services;
    }
}
