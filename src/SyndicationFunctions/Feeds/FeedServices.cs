using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.Feeds;

public static class FeedServices
{
    /// <summary>The three feed writers, the format registry and the page composer.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddSingleton<IFeedWriter, RssFeedWriter>();
        services.AddSingleton<IFeedWriter, AtomFeedWriter>();
        services.AddSingleton<IFeedWriter, JsonFeedWriter>();
        services.AddSingleton<FeedFormats>();
        services.AddSingleton<FeedComposer>();
        services.AddSingleton<RenderedResponseCache>();
        return services;
    }
}
