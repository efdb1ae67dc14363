using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions;

/// <summary>What the functions need, one line per concern. Called by Program.cs and by the local host.</summary>
public static class SyndicationServices
{
    public static IServiceCollection AddSyndication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // "Now" comes from one clock, so tests can pin it.
        services.AddSingleton(TimeProvider.System);

        // Format readers that turn a body into a cleaned article.
        services.AddSingleton<ArticleParser>();

        return services;
    }
}
