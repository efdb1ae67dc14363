using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.Feeds;

public static class FeedServices
{
    /// <summary>The three feed writers, the format registry and the feed options (section <c>Feeds</c>).</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddSingleton<IFeedWriter, RssFeedWriter>();
        services.AddSingleton<IFeedWriter, AtomFeedWriter>();
        services.AddSingleton<IFeedWriter, JsonFeedWriter>();
        services.AddSingleton<FeedFormats>();
        services.AddOptions<FeedOptions>()
            .BindConfiguration(FeedOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
