using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.Ingestion;

public static class IngestionServices
{
    /// <summary>The readers that turn bodies into articles, the ingest rule, and the inbox processor.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSingleton<ArticleParser>();
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<InboxProcessor>();
        return services;
    }
}
