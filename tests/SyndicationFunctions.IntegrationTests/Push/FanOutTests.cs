using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Push;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Push;

/// <summary>
/// The fan-out of one change on a real Azurite, with no queue function running: which feeds get a fan-out message.
/// </summary>
public sealed class FanOutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Change_OnlyFeedsWithASubscriberGetAFanOutMessage()
    {
        await using var provider = await PushServicesAsync();
        var fanOut = provider.GetRequiredService<FanOut>();
        var queue = provider.GetRequiredService<PushQueues>().Queue(PushNames.TopicFanOutQueue);
        var feeds = new[] { FeedScope.OfSection("world").Key, FeedScope.OfTag("elections").Key };

        // Nobody follows any feed: the change costs no fan-out message at all.
        await fanOut.ChangeAsync(new PushChange("world", DateTimeOffset.UtcNow.AddSeconds(-1), 1, feeds), CancellationToken.None);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);

        // A subscriber of the section's Atom feed and one of the tag's JSON Feed: those two feeds and formats alone get one.
        var store = provider.GetRequiredService<SubscriptionStore>();
        var sectionAtom = FeedTopic.KeyOf(FeedScope.OfSection("world"), "atom");
        var tagJson = FeedTopic.KeyOf(FeedScope.OfTag("elections"), "json");
        await store.ActivateAsync(sectionAtom, "https://news.example/api/feeds/sections/world/atom", new Uri("https://reader.example/a"), null, 3600, CancellationToken.None);
        await store.ActivateAsync(tagJson, "https://news.example/api/feeds/tags/elections/json", new Uri("https://reader.example/b"), null, 3600, CancellationToken.None);
        await fanOut.ChangeAsync(new PushChange("world", DateTimeOffset.UtcNow.AddSeconds(-1), 2, feeds), CancellationToken.None);

        var sent = (await queue.PeekMessagesAsync(32)).Value.Select(m => PushQueues.Read<TopicFanOut>(m.Body.ToString())).ToList();
        Assert.Equal(new[] { sectionAtom, tagJson }.Order(StringComparer.Ordinal), sent.Select(m => m.FeedKey).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.Equal(2, m.Stamp));
    }

    [Fact]
    public async Task AnyActive_CountsTheFeedInEveryFormat_AndNoNeighbour()
    {
        await using var provider = await PushServicesAsync();
        var store = provider.GetRequiredService<SubscriptionStore>();
        var vote = FeedScope.OfTag("vote");

        // Feeds whose keys sort just before and just after: a longer slug, and a shorter one.
        await store.ActivateAsync(FeedTopic.KeyOf(FeedScope.OfTag("vote-2024"), "rss"), "https://news.example/t/1", new Uri("https://reader.example/1"), null, 3600, CancellationToken.None);
        await store.ActivateAsync(FeedTopic.KeyOf(FeedScope.OfTag("vot"), "atom"), "https://news.example/t/2", new Uri("https://reader.example/2"), null, 3600, CancellationToken.None);
        await store.ActivateAsync(FeedTopic.KeyOf(FeedScope.OfTag("votes"), "json"), "https://news.example/t/3", new Uri("https://reader.example/3"), null, 3600, CancellationToken.None);
        Assert.False(await store.AnyActiveAsync(vote, CancellationToken.None));

        await store.ActivateAsync(FeedTopic.KeyOf(vote, "json"), "https://news.example/t/4", new Uri("https://reader.example/4"), null, 3600, CancellationToken.None);
        Assert.True(await store.AnyActiveAsync(vote, CancellationToken.None));
        Assert.False(await store.AnyActiveAsync(FeedScope.OfTag("referendum"), CancellationToken.None));
    }

    /// <summary>The app's services on this class's Azurite, with the push tables and queues created.</summary>
    private async Task<ServiceProvider> PushServicesAsync()
    {
        var provider = AppServices.Build(new Dictionary<string, string?> { ["ArticleStorage"] = azurite.ConnectionString, ["Syndication:PublicBaseUrl"] = "https://news.example" });
        await provider.GetRequiredService<PushStorage>().EnsureCreatedAsync(CancellationToken.None);
        return provider;
    }
}
