using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.IntegrationTests.Telemetry;

namespace SyndicationFunctions.IntegrationTests.Push;

/// <summary>
/// Partner webhooks end to end: a receiver that checks every request with the npm standardwebhooks library gets each
/// public change in sequence order, exactly once after deduplicating by webhook-id, and catches up after an outage.
/// </summary>
[Collection(PushGroup.Name)]
public sealed class WebhookTests(PushFixture fixture)
{
    private PushPeer Peer => fixture.Peer;

    [Fact]
    public async Task Receiver_ThreeInstancesWritingAtOnce_GetsAllChangesInOrderOnce()
    {
        var (name, _) = await RegisterReceiverAsync("three-instances");
        await using var second = await fixture.StartInstanceAsync();
        await using var third = await fixture.StartInstanceAsync();
        var prefix = TestArticles.Unique("burst");
        var clients = new[] { fixture.Client, second.CreateClient(), third.CreateClient() };

        await Task.WhenAll(clients.Select((client, instance) => Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, token) =>
        {
            var id = $"{prefix}-{instance}-{i:D3}";
            var json = JsonSerializer.Serialize(new { id, title = "Burst " + id, section = "burst", contentText = "Text.", published = DateTimeOffset.UtcNow.AddMinutes(-1) });
            Assert.True(await PublishAsync(client, json, token), $"{id} was never stored");
        })));

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Distinct(name, prefix).Count < 300 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var received = Received(name).Where(e => ((string)e["body"]!["data"]!["id"]!).StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var distinct = Distinct(name, prefix);
        Assert.Equal(300, distinct.Count);
        Assert.Equal(300, distinct.Select(e => (string)e["body"]!["data"]!["id"]!).Distinct().Count());
        var sequences = received.Select(e => long.Parse((string)e["id"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences.Distinct());
        Assert.All(received, e => Assert.Equal((long)e["body"]!["data"]!["sequence"]!, long.Parse((string)e["id"]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(Peer.EventsOf(name, "unverified"));
        foreach (var client in clients.Skip(1))
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Receiver_DownForAWhile_GetsEverythingOnceBack()
    {
        using var metrics = new MetricTotals();
        var (name, id) = await RegisterReceiverAsync("outage");
        await Peer.SendAsync(new { cmd = "down", name, down = true });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "ok") && (string?)e["name"] == name, TimeSpan.FromSeconds(5));
        var prefix = TestArticles.Unique("outage");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await fixture.SendAsync(HttpMethod.Post, "/api/articles", JsonSerializer.Serialize(new { id = $"{prefix}-{i}", title = $"Outage {prefix} {i}", section = "outage", contentText = "Text.", published = DateTimeOffset.UtcNow.AddMinutes(-1) }))).StatusCode);
        }

        // The endpoint shows as failing while the receiver is down.
        Assert.True(await AppFixture.EventuallyAsync(async () => (string?)(await EndpointAsync(id))?["status"] == "failing"), "the endpoint never showed as failing");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await Peer.SendAsync(new { cmd = "down", name, down = false });

        Assert.True(await AppFixture.EventuallyAsync(() => Task.FromResult(Distinct(name, prefix).Count == 5), seconds: 60), $"got {Distinct(name, prefix).Count} of 5");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), Distinct(name, prefix).Select(e => (string)e["body"]!["data"]!["id"]!));
        Assert.True(await AppFixture.EventuallyAsync(async () => (string?)(await EndpointAsync(id))?["status"] == "active"));
        Assert.True(metrics.Total("syndication.push.deliveries", "channel=webhook", "outcome=failed", "kind=published") >= 1);
        Assert.True(metrics.Total("syndication.push.deliveries", "channel=webhook", "outcome=succeeded", "kind=published") >= 5);
    }

    [Fact]
    public async Task Endpoints_RegisterListRemove_NeedTheKeyAndKeepTheSecretHidden()
    {
        using var anonymous = await fixture.Client.PostAsync("/api/webhooks", new StringContent("{\"url\":\"http://127.0.0.1:9/x\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"sections\":[\"world\"],\"kinds\":[\"published\"]}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.StartsWith("whsec_", (string?)endpoint["secret"], StringComparison.Ordinal);

        var listed = await EndpointAsync((string)endpoint["id"]!);
        Assert.NotNull(listed);
        Assert.Null(listed["secret"]);
        Assert.Equal("world", (string?)listed["sections"]![0]);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/webhooks/{endpoint["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, $"/api/webhooks/{endpoint["id"]}")).StatusCode);
        Assert.Null(await EndpointAsync((string)endpoint["id"]!));
    }

    [Theory]
    [InlineData("{\"url\":\"ftp://example.com/x\"}")]
    [InlineData("{\"url\":\"http://[fd00:ec2::254]/x\"}")]
    [InlineData("{\"url\":\"http://127.0.0.1:9/x\",\"kinds\":[\"deleted\"]}")]
    [InlineData("{\"url\":\"http://127.0.0.1:9/x\",\"sections\":[\"Not A Slug\"]}")]
    [InlineData("[1,2]")]
    public async Task Register_InvalidEndpoint_Is400(string json)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Posts as a publisher does: a 503 (storage busy on this shared machine) is tried again after a pause.</summary>
    private static async Task<bool> PublishAsync(HttpClient client, string json, CancellationToken token)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var request = KeyedRequest.Create(HttpMethod.Post, "/api/articles", json);
            using var response = await client.SendAsync(request, token);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                return true;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(1000, token);
        }

        return false;
    }

    private async Task<(string Name, string Id)> RegisterReceiverAsync(string prefix)
    {
        var name = TestArticles.Unique(prefix);
        await Peer.SendAsync(new { cmd = "receiver", name });
        var url = (string)(await Peer.WaitForAsync(e => PushPeer.Is(e, "receiver") && (string?)e["name"] == name, TimeSpan.FromSeconds(10)))["url"]!;
        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", JsonSerializer.Serialize(new { url }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        await Peer.SendAsync(new { cmd = "secret", name, secret = (string)endpoint["secret"]! });
        await Peer.WaitForAsync(e => PushPeer.Is(e, "ok") && (string?)e["name"] == name, TimeSpan.FromSeconds(5));
        return (name, (string)endpoint["id"]!);
    }

    private async Task<JsonNode?> EndpointAsync(string id)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/api/webhooks");
        var all = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["endpoints"]!.AsArray();
        return all.FirstOrDefault(e => (string?)e!["id"] == id);
    }

    private List<JsonObject> Received(string name) => [.. Peer.EventsOf(name, "webhook")];

    /// <summary>What a receiver keeps after deduplicating by webhook-id, in arrival order.</summary>
    private List<JsonObject> Distinct(string name, string prefix)
        => [.. Received(name).Where(e => ((string)e["body"]!["data"]!["id"]!).StartsWith(prefix, StringComparison.Ordinal)).DistinctBy(e => (string)e["id"]!)];
}
