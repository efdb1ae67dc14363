using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.IntegrationTests.Telemetry;

namespace SyndicationFunctions.IntegrationTests.Push;

/// <summary>
/// The hub end to end over real HTTP and Azurite, with independent subscribers built on the npm pubsubhubbub client:
/// discovery, verification of intent, signed content distribution on every kind of public change, unsubscribing,
/// lease expiry, retries, and refusals.
/// </summary>
[Collection(PushGroup.Name)]
public sealed class WebSubHubTests(PushFixture fixture)
{
    /// <summary>What the issue promises on this machine: a change reaches subscribers within ten seconds.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    private PushPeer Peer => fixture.Peer;

    [Fact]
    public async Task FeedResponses_EveryFormatAndMethod_AdvertiseHubAndTopic()
    {
        var section = TestArticles.Unique("disc");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(TestArticles.Unique("a"), section, "Discovery article", DateTimeOffset.UtcNow.AddMinutes(-1))).StatusCode);

        foreach (var path in new[] { "/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", $"/api/feeds/{section}/rss", $"/api/feeds/{section}/atom", $"/api/feeds/{section}/json" })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                using var response = await fixture.Client.SendAsync(new HttpRequestMessage(method, path));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var link = string.Join(", ", response.Headers.GetValues("Link"));
                Assert.Contains($"<{fixture.Hub}>; rel=\"hub\"", link, StringComparison.Ordinal);
                Assert.Contains($"<{fixture.Topic(path)}>; rel=\"self\"", link, StringComparison.Ordinal);
            }

            var body = await fixture.Client.GetStringAsync(path);
            if (path.EndsWith("json", StringComparison.Ordinal))
            {
                var hubs = JsonNode.Parse(body)!["hubs"]!.AsArray();
                Assert.Equal("WebSub", (string?)hubs[0]!["type"]);
                Assert.Equal(fixture.Hub.AbsoluteUri, (string?)hubs[0]!["url"]);
            }
            else
            {
                var atomLinks = XDocument.Parse(body).Descendants(XName.Get("link", "http://www.w3.org/2005/Atom"));
                Assert.Contains(atomLinks, l => (string?)l.Attribute("rel") == "hub" && (string?)l.Attribute("href") == fixture.Hub.AbsoluteUri);
            }
        }
    }

    [Fact]
    public async Task Subscribers_PublicChangesOfEveryKind_ReceiveSignedContentPromptly()
    {
        var section = TestArticles.Unique("world");
        var id = TestArticles.Unique("story");
        var title = "Hub story " + id;
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(TestArticles.Unique("seed"), section, "Section opener " + id, DateTimeOffset.UtcNow.AddMinutes(-5))).StatusCode);
        var sectionAtom = await SubscribeAsync("section-atom", $"/api/feeds/{section}/atom", secret: "atom secret");
        var allRss = await SubscribeAsync("all-rss", "/api/feeds/rss", secret: "rss secret");

        // 1. A new article reaches both, each in its own format, signed.
        var (atomSeen, rssSeen) = (Feeds("section-atom").Count, Feeds("all-rss").Count);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(id, section, title, DateTimeOffset.UtcNow.AddMinutes(-1), "First text.")).StatusCode);
        var atom = await NextFeedAsync("section-atom", atomSeen, body => body.Contains(title, StringComparison.Ordinal));
        var rss = await NextFeedAsync("all-rss", rssSeen, body => body.Contains(title, StringComparison.Ordinal));
        Assert.StartsWith("application/atom+xml", (string?)atom["contentType"], StringComparison.Ordinal);
        Assert.StartsWith("application/rss+xml", (string?)rss["contentType"], StringComparison.Ordinal);
        AssertSigned(atom, sectionAtom, "atom secret");
        AssertSigned(rss, allRss, "rss secret");
        Assert.Contains($"<{fixture.Topic($"/api/feeds/{section}/atom")}>; rel=\"self\"", (string?)atom["link"], StringComparison.Ordinal);

        // 2. A correction: the new text arrives.
        (atomSeen, rssSeen) = (Feeds("section-atom").Count, Feeds("all-rss").Count);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, section, title, DateTimeOffset.UtcNow.AddMinutes(-1), "Corrected text.")).StatusCode);
        AssertSigned(await NextFeedAsync("section-atom", atomSeen, body => body.Contains("Corrected text.", StringComparison.Ordinal)), sectionAtom, "atom secret");
        await NextFeedAsync("all-rss", rssSeen, body => body.Contains("Corrected text.", StringComparison.Ordinal));

        // 3. An embargo lifting, with no write at its due moment: nothing before it, the article right after it.
        var embargoed = TestArticles.Unique("embargo");
        var due = DateTimeOffset.UtcNow.AddSeconds(6);
        atomSeen = Feeds("section-atom").Count;
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(embargoed, section, "Embargoed " + embargoed, due, "Under embargo.")).StatusCode);
        await Task.Delay(due - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(Feeds("section-atom").Skip(atomSeen), e => ((string)e["body"]!).Contains(embargoed, StringComparison.Ordinal));
        var lifted = await NextFeedAsync("section-atom", atomSeen, body => body.Contains("Embargoed " + embargoed, StringComparison.Ordinal));
        Assert.True(DateTimeOffset.UtcNow >= due, "delivered before the embargo lifted");
        AssertSigned(lifted, sectionAtom, "atom secret");

        // 4. A withdrawal: Atom carries the tombstone, RSS drops the item.
        (atomSeen, rssSeen) = (Feeds("section-atom").Count, Feeds("all-rss").Count);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{id}")).StatusCode);
        await NextFeedAsync("section-atom", atomSeen, body => body.Contains("deleted-entry", StringComparison.Ordinal) && !body.Contains(title, StringComparison.Ordinal));
        await NextFeedAsync("all-rss", rssSeen, body => !body.Contains(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangeInAnotherSection_PingsOnlyTheFeedsThatListIt()
    {
        var (mine, other) = (TestArticles.Unique("mine"), TestArticles.Unique("other"));
        await PostAsync(TestArticles.Unique("seed"), mine, "Seed " + mine, DateTimeOffset.UtcNow.AddMinutes(-5));
        await PostAsync(TestArticles.Unique("seed"), other, "Seed " + other, DateTimeOffset.UtcNow.AddMinutes(-5));
        await SubscribeAsync("mine-json", $"/api/feeds/{mine}/json");
        await SubscribeAsync("other-json", $"/api/feeds/{other}/json");

        // The seed's own fan-out may still reach the subscription confirmed meanwhile. A newer change supersedes it, so
        // once a later article of this section has arrived, nothing older is on its way.
        var settled = "Settled " + mine;
        await PostAsync(TestArticles.Unique("settle"), mine, settled, DateTimeOffset.UtcNow.AddMinutes(-2));
        await NextFeedAsync("mine-json", 0, body => body.Contains(settled, StringComparison.Ordinal));

        // Deliveries of the seed and of the settling change may both be in flight (WebSub delivers at least once):
        // wait until this section's deliveries have stopped before counting.
        var seen = Feeds("mine-json").Count;
        for (var quiet = 0; quiet < 10; quiet++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            if (Feeds("mine-json").Count == seen)
            {
                break;
            }

            seen = Feeds("mine-json").Count;
        }

        var title = "Only other " + other;
        await PostAsync(TestArticles.Unique("x"), other, title, DateTimeOffset.UtcNow.AddMinutes(-1));
        await NextFeedAsync("other-json", 0, body => body.Contains(title, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(seen, Feeds("mine-json").Count);
    }

    [Fact]
    public async Task Unsubscribe_Confirmed_StopsDeliveries()
    {
        var section = TestArticles.Unique("unsub");
        await PostAsync(TestArticles.Unique("seed"), section, "Seed " + section, DateTimeOffset.UtcNow.AddMinutes(-5));
        var topic = fixture.Topic($"/api/feeds/{section}/rss");
        await SubscribeAsync("leaving", topic.AbsolutePath);
        await SubscribeAsync("staying", topic.AbsolutePath);

        // A later article than the seed has reached the subscriber, so the seed's own fan-out (superseded) is not on its way.
        var settled = "Settled " + section;
        await PostAsync(TestArticles.Unique("settle"), section, settled, DateTimeOffset.UtcNow.AddMinutes(-2));
        await NextFeedAsync("leaving", 0, body => body.Contains(settled, StringComparison.Ordinal));

        await Peer.SendAsync(new { cmd = "unsubscribe", name = "leaving", topic = topic.AbsoluteUri, hub = fixture.Hub.AbsoluteUri });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "unsubscribe") && (string?)e["name"] == "leaving" && (string?)e["topic"] == topic.AbsoluteUri, Promptly);
        await Task.Delay(2000); // the row goes right after the answer
        var seen = Feeds("leaving").Count;

        var title = "After leaving " + section;
        await PostAsync(TestArticles.Unique("x"), section, title, DateTimeOffset.UtcNow.AddMinutes(-1));
        await NextFeedAsync("staying", 0, body => body.Contains(title, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(seen, Feeds("leaving").Count);
    }

    [Fact]
    public async Task ExpiredLease_GetsNothing_RenewalResumes()
    {
        var section = TestArticles.Unique("lease");
        await PostAsync(TestArticles.Unique("seed"), section, "Seed " + section, DateTimeOffset.UtcNow.AddMinutes(-5));
        var path = $"/api/feeds/{section}/atom";
        await SubscribeAsync("short-lease", path, lease: PushFixture.MinLeaseSeconds);
        await SubscribeAsync("long-lease", path);
        await Task.Delay(TimeSpan.FromSeconds(PushFixture.MinLeaseSeconds + 1));

        var title = "After expiry " + section;
        await PostAsync(TestArticles.Unique("x"), section, title, DateTimeOffset.UtcNow.AddMinutes(-1));
        await NextFeedAsync("long-lease", 0, body => body.Contains(title, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(Feeds("short-lease"), e => ((string)e["body"]!).Contains(title, StringComparison.Ordinal));

        // Subscribing again renews the lease (a longer one now), and deliveries resume.
        await Peer.SendAsync(new { cmd = "subscribe", name = "renewed", topic = fixture.Topic(path).AbsoluteUri, hub = fixture.Hub.AbsoluteUri });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "subscribe") && (string?)e["name"] == "renewed", Promptly);
        var again = "After renewal " + section;
        await PostAsync(TestArticles.Unique("x"), section, again, DateTimeOffset.UtcNow.AddMinutes(-1));
        await NextFeedAsync("renewed", 0, body => body.Contains(again, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingCallback_RecoversAfterTwoFailures_GetsTheContent()
    {
        using var metrics = new MetricTotals();
        var section = TestArticles.Unique("flaky");
        await PostAsync(TestArticles.Unique("seed"), section, "Seed " + section, DateTimeOffset.UtcNow.AddMinutes(-5));
        await SubscribeAsync("flaky", $"/api/feeds/{section}/rss", secret: "flaky secret");
        await Peer.SendAsync(new { cmd = "fail", name = "flaky", count = 2 });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "ok") && (string?)e["name"] == "flaky", Promptly);

        var title = "Through failures " + section;
        await PostAsync(TestArticles.Unique("x"), section, title, DateTimeOffset.UtcNow.AddMinutes(-1));
        var delivered = await NextFeedAsync("flaky", 0, body => body.Contains(title, StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        Assert.Equal(2, Peer.EventsOf("flaky", "failed").Count);
        Assert.Single(Feeds("flaky"), e => ((string)e["body"]!).Contains(title, StringComparison.Ordinal));
        Assert.NotNull(delivered["signature"]);
        Assert.True(metrics.Total("syndication.push.deliveries", "channel=websub", "outcome=failed") >= 2);
        Assert.True(metrics.Total("syndication.push.deliveries", "channel=websub", "outcome=succeeded") >= 1);
    }

    [Fact]
    public async Task Subscribers_WriteStoredWhileQueueDown_PublisherRetryOfSameContentPushesIt()
    {
        var section = TestArticles.Unique("qdown");
        var id = TestArticles.Unique("story");
        var title = "Stored while the queue was down " + id;
        var published = DateTimeOffset.UtcNow.AddMinutes(-1);
        await PostAsync(TestArticles.Unique("seed"), section, "Seed " + section, DateTimeOffset.UtcNow.AddMinutes(-5));
        await SubscribeAsync("queue-down", $"/api/feeds/{section}/atom");
        var opener = "Opener " + section;
        await PostAsync(TestArticles.Unique("opener"), section, opener, DateTimeOffset.UtcNow.AddMinutes(-2));
        await NextFeedAsync("queue-down", 0, body => body.Contains(opener, StringComparison.Ordinal)); // the pipeline is quiet from here
        var seen = Feeds("queue-down").Count;

        // 1. The write lands on an instance whose queue is down: the article is stored, the publisher is told to retry.
        await using (var broken = await fixture.StartInstanceWithQueueDownAsync())
        {
            using var client = broken.CreateClient();
            using var request = KeyedRequest.Create(HttpMethod.Post, "/api/articles", ArticleJson(id, section, title, published));
            using var failed = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using var stored = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{id}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(Feeds("queue-down").Skip(seen), e => ((string)e["body"]!).Contains(title, StringComparison.Ordinal));

        // 2. The retry carries the same content: nothing changes in storage, and the change is pushed now, once.
        using var retried = await fixture.SendAsync(HttpMethod.Post, "/api/articles", ArticleJson(id, section, title, published));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await NextFeedAsync("queue-down", seen, body => body.Contains(title, StringComparison.Ordinal));

        // 3. Another retry queues the change again, but the subscriber that has it gets nothing more.
        using var again = await fixture.SendAsync(HttpMethod.Post, "/api/articles", ArticleJson(id, section, title, published));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(Feeds("queue-down").Skip(seen), e => ((string)e["body"]!).Contains(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TagAndAuthorSubscribers_CorrectionMovesATag_FeedsBeforeAndAfterGetIt()
    {
        var (before, after, author) = (TestArticles.Unique("tagbefore"), TestArticles.Unique("tagafter"), TestArticles.Unique("writer"));
        var id = TestArticles.Unique("tagged");
        var title = "Tagged story " + id;
        Assert.Equal(HttpStatusCode.Created, (await PostTaggedAsync(id, title, [before], [author], "First text.")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostTaggedAsync(TestArticles.Unique("seed"), "Seed of " + after, [after], [], "Seed.")).StatusCode);
        await SubscribeAsync("tag-before-atom", $"/api/feeds/tags/{before}/atom", secret: "tag secret");
        await SubscribeAsync("tag-after-rss", $"/api/feeds/tags/{after}/rss");
        var authorTopic = await SubscribeAsync("author-json", $"/api/feeds/authors/{author}/json", secret: "author secret");
        Assert.Equal(fixture.Topic($"/api/feeds/authors/{author}/json").AbsoluteUri, authorTopic);

        // A correction that moves the article from one tag to another reaches the subscribers of both, and its author's.
        var seen = (Before: Feeds("tag-before-atom").Count, After: Feeds("tag-after-rss").Count, Author: Feeds("author-json").Count);
        Assert.Equal(HttpStatusCode.OK, (await PostTaggedAsync(id, title, [after], [author], "Corrected text.")).StatusCode);
        await NextFeedAsync("tag-before-atom", seen.Before, body => !body.Contains(title, StringComparison.Ordinal));
        await NextFeedAsync("tag-after-rss", seen.After, body => body.Contains("Corrected text.", StringComparison.Ordinal));
        AssertSigned(await NextFeedAsync("author-json", seen.Author, body => body.Contains("Corrected text.", StringComparison.Ordinal)), authorTopic, "author secret");

        // A withdrawal reaches the tag's Atom subscribers as a tombstone.
        seen = (Feeds("tag-before-atom").Count, Feeds("tag-after-rss").Count, Feeds("author-json").Count);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{id}")).StatusCode);
        await NextFeedAsync("tag-after-rss", seen.After, body => !body.Contains(title, StringComparison.Ordinal));
        await NextFeedAsync("author-json", seen.Author, body => !body.Contains(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_UnknownTag_IsDenied()
    {
        var topic = fixture.Topic($"/api/feeds/tags/{TestArticles.Unique("nosuchtag")}/atom");

        await Peer.SendAsync(new { cmd = "subscribe", name = "unknown-tag", topic = topic.AbsoluteUri, hub = fixture.Hub.AbsoluteUri });
        var requested = await Peer.WaitForAsync(e => PushPeer.Is(e, "requested") && (string?)e["name"] == "unknown-tag", Promptly);

        Assert.Contains("400", (string?)requested["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_UnknownSection_IsDenied()
    {
        var topic = fixture.Topic($"/api/feeds/{TestArticles.Unique("nosuch")}/atom");

        await Peer.SendAsync(new { cmd = "subscribe", name = "unknown-section", topic = topic.AbsoluteUri, hub = fixture.Hub.AbsoluteUri });
        var requested = await Peer.WaitForAsync(e => PushPeer.Is(e, "requested") && (string?)e["name"] == "unknown-section", Promptly);

        Assert.Contains("400", (string?)requested["error"], StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(Peer.EventsOf("unknown-section", "subscribe"));
    }

    [Theory]
    [InlineData("hub.mode=subscribe&hub.topic={topic}&hub.callback=http://127.0.0.1:9/cb")]
    [InlineData("hub.mode=subscribe&hub.topic={topic}&hub.callback=http://localhost:9/cb")]
    [InlineData("hub.mode=subscribe&hub.topic={topic}&hub.callback=http://169.254.169.254/latest")]
    [InlineData("hub.mode=subscribe&hub.topic={topic}&hub.callback=http://10.0.0.5/cb")]
    public async Task Subscribe_InternalCallbackWithSettingOff_Is400(string form)
    {
        await using var strict = await fixture.StartInstanceAsync(allowPrivate: false);
        using var client = strict.CreateClient();
        var topic = new Uri(strict.BaseAddress, "/api/feeds/rss").AbsoluteUri;

        using var response = await client.PostAsync("/api/hub", new StringContent(form.Replace("{topic}", Uri.EscapeDataString(topic), StringComparison.Ordinal), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("hub.callback", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_MetadataCallbackEvenWithSettingOn_Is400()
    {
        var form = $"hub.mode=subscribe&hub.topic={Uri.EscapeDataString(fixture.Topic("/api/feeds/rss").AbsoluteUri)}&hub.callback={Uri.EscapeDataString("http://[fd00:ec2::254]/cb")}";

        using var response = await fixture.Client.PostAsync("/api/hub", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hub.mode=subscribe&hub.topic=http://evil.example/api/feeds/rss&hub.callback=http://127.0.0.1:9/cb", 400)]
    [InlineData("hub.mode=subscribe&hub.topic={base}/api/articles&hub.callback=http://127.0.0.1:9/cb", 400)]
    [InlineData("hub.mode=subscribe&hub.topic={base}/api/feeds/yaml&hub.callback=http://127.0.0.1:9/cb", 400)]
    [InlineData("hub.mode=publish&hub.url={base}/api/feeds/rss", 400)]
    [InlineData("hub.mode=subscribe&hub.topic={base}/api/feeds/rss&hub.callback=ftp://example.com/cb", 400)]
    [InlineData("hub.mode=subscribe&hub.topic={base}/api/feeds/rss&hub.callback=http://127.0.0.1:9/cb&hub.lease_seconds=soon", 400)]
    [InlineData("hub.mode=subscribe&hub.topic={base}/api/feeds/rss&hub.callback=http://127.0.0.1:9/cb&hub.secret={long}", 400)]
    public async Task Subscribe_InvalidRequest_IsClear4xx(string form, int status)
    {
        var body = form.Replace("{base}", fixture.BaseAddress.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal).Replace("{long}", new string('s', 200), StringComparison.Ordinal);

        using var response = await fixture.Client.PostAsync("/api/hub", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Subscribe_WrongContentTypeOrHugeBody_Is415Or413()
    {
        using var json = await fixture.Client.PostAsync("/api/hub", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var huge = await fixture.Client.PostAsync("/api/hub", new StringContent("hub.mode=subscribe&x=" + new string('x', 20_000), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    private List<JsonObject> Feeds(string name) => [.. Peer.EventsOf(name, "feed")];

    private async Task<JsonObject> NextFeedAsync(string name, int after, Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Promptly);
        while (true)
        {
            if (Feeds(name).Skip(after).FirstOrDefault(e => match((string)e["body"]!)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} received no matching content within {timeout ?? Promptly}; it received {Feeds(name).Count - after} other(s). " +
                    string.Join('\n', Peer.Events.TakeLast(20).Select(e => e.ToJsonString()[..Math.Min(200, e.ToJsonString().Length)])));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Subscribes a new subscriber through the discovered hub and waits for the verification of intent; returns the topic.</summary>
    private async Task<string> SubscribeAsync(string name, string path, string? secret = null, int? lease = null)
    {
        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var links = string.Join(", ", head.Headers.GetValues("Link"));
        var hub = links.Split(", ").Single(link => link.EndsWith("rel=\"hub\"", StringComparison.Ordinal)).Split('>')[0].TrimStart('<');
        var topic = links.Split(", ").Single(link => link.EndsWith("rel=\"self\"", StringComparison.Ordinal)).Split('>')[0].TrimStart('<');

        await Peer.SendAsync(new { cmd = "subscribe", name, topic, hub, secret, lease });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "subscribe") && (string?)e["name"] == name && (string?)e["topic"] == topic, Promptly);
        await Task.Delay(300); // the hub stores the subscription right after the subscriber's answer
        return topic;
    }

    private Task<HttpResponseMessage> PostAsync(string id, string section, string title, DateTimeOffset published, string text = "Body text.")
        => fixture.SendAsync(HttpMethod.Post, "/api/articles", ArticleJson(id, section, title, published, text));

    private Task<HttpResponseMessage> PostTaggedAsync(string id, string title, string[] tags, string[] authors, string text)
        => fixture.SendAsync(HttpMethod.Post, "/api/articles", JsonSerializer.Serialize(new
        {
            id,
            title,
            section = "Tagged",
            contentText = text,
            published = DateTimeOffset.UtcNow.AddMinutes(-1),
            tags,
            authors = authors.Select(name => new { name }),
        }));

    private static string ArticleJson(string id, string section, string title, DateTimeOffset published, string text = "Body text.")
        => JsonSerializer.Serialize(new { id, title, section, contentText = text, published });

    /// <summary>X-Hub-Signature is the SHA-256 HMAC of the body with the secret the subscriber gave the hub.</summary>
    private static void AssertSigned(JsonObject delivery, string topic, string secret)
    {
        // The pubsubhubbub client derives the secret it gives the hub with HMAC-SHA1; that is its choice, not ours.
#pragma warning disable CA5350
        var given = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(topic)));
#pragma warning restore CA5350
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes((string)delivery["body"]!)));
        Assert.Equal(expected, (string?)delivery["signature"]);
    }
}
