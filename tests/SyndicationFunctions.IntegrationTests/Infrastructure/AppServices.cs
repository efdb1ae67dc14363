using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>The app's services as its hosts register them, over the given settings, with no host running them.</summary>
internal static class AppServices
{
    public static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSyndication(configuration);
        return services.BuildServiceProvider();
    }
}
