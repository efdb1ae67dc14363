using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

public class FeedFormatsTests
{
    [Theory]
    [InlineData("rss", "application/rss+xml; charset=utf-8")]
    [InlineData("atom", "application/atom+xml; charset=utf-8")]
    [InlineData("json", "application/feed+json; charset=utf-8")]
    [InlineData("RSS", "application/rss+xml; charset=utf-8")]
    public void TryGet_KnownFormat_ReturnsItsWriter(string format, string contentType)
    {
        using var services = Services();

        Assert.True(services.GetRequiredService<FeedFormats>().TryGet(format, out var writer));
        Assert.Equal(contentType, writer.ContentType);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    [InlineData(null)]
    public void TryGet_UnknownFormat_ReturnsFalse(string? format)
    {
        using var services = Services();

        Assert.False(services.GetRequiredService<FeedFormats>().TryGet(format, out _));
    }

    [Fact]
    public void AddSyndicationOptions_Configuration_BindsFeedSettings()
    {
        using var services = Services(new() { ["Syndication:FeedCacheSeconds"] = "600" });

        var options = services.GetRequiredService<IOptions<SyndicationOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(10), options.CacheMaxAge);
        Assert.Equal(20, options.DefaultFeedLimit);
        Assert.Equal(["rss", "atom", "json"], services.GetRequiredService<FeedFormats>().Names);
    }

    [Fact]
    public void AddSyndicationOptions_OutOfRangeLimit_FailsValidation()
    {
        using var services = Services(new() { ["Syndication:DefaultFeedLimit"] = "1000" });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SyndicationOptions>>().Value);
    }

    [Fact]
    public void ForArticle_SameId_IsStableUrnAndDiffersFromOtherIds()
    {
        var id = FeedIds.ForArticle("2025-05-13-un-human-rights");

        Assert.Equal(id, FeedIds.ForArticle("2025-05-13-un-human-rights"));
        Assert.NotEqual(id, FeedIds.ForArticle("2025-05-13-un-human-rights-2"));
        Assert.NotEqual(FeedIds.ForFeed(FeedScope.Every), FeedIds.ForFeed("turkiye"));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    private static ServiceProvider Services(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSyndicationOptions().AddFeeds().BuildServiceProvider();
    }
}
