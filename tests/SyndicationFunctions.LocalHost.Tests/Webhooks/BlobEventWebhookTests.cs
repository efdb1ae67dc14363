using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.LocalHost.Blobs;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;
using SyndicationFunctions.LocalHost.Webhooks;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests.Webhooks;

[Collection(AzuriteGroup.Name)]
public sealed class BlobEventWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SystemKey = "blobs-extension-key";
    private const string FunctionKey = "function-key";

    private readonly InboxRecorder _recorder = new();
    private RunningLocalFunctionsHost _host = null!;
    private HttpClient _client = null!;

    private BlobEventProcessor Processor => _host.Services.GetRequiredService<BlobEventProcessor>();

    public async Task InitializeAsync()
    {
        _host = await LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]),
            AppContext.BaseDirectory,
            new Dictionary<string, string?>
            {
                [TestBlobFunctions.Connection] = azurite.ConnectionString,
                [LocalFunctionsHost.BlobsExtensionKeySetting] = SystemKey,
                [LocalFunctionsHost.FunctionKeySetting] = FunctionKey,
                // Events only: the scanner must not get there first.
                [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
            },
            builder => builder.Services.AddSingleton(_recorder));
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task HandleAsync_BlobCreatedNotification_AcceptedThenFunctionRunsForThatBlob()
    {
        var blob = await UploadAsync("from-event.txt", "delivered by Event Grid");

        using var response = await SendAsync(HttpMethod.Post, "Host.Functions.TakeTestInboxBlob", SystemKey, BlobEventWebhook.Notification, BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await WhenHandledAsync(1);
        Assert.Equal(("from-event.txt", "delivered by Event Grid"), Assert.Single(_recorder.Calls));
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Theory]
    [InlineData("TakeTestInboxBlob")]
    [InlineData("Host.Functions.NoSuchFunction")]
    [InlineData("host.functions.TakeTestInboxBlob")]
    public async Task HandleAsync_NameOfNoFunction_AcceptedAndDropped(string functionName)
    {
        var blob = await UploadAsync($"unclaimed-{Guid.NewGuid():N}.txt", "not for anyone");

        using var response = await SendAsync(HttpMethod.Post, functionName, SystemKey, BlobEventWebhook.Notification, BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WhenHandledAsync(1);
        Assert.Empty(_recorder.Calls);
        Assert.True((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task HandleAsync_BlobAlreadyGone_AcceptedAndDropped()
    {
        var container = azurite.Service.GetBlobContainerClient(TestBlobFunctions.InboxContainer);
        var gone = container.GetBlobClient("never-uploaded.txt");

        using var response = await SendAsync(HttpMethod.Post, "Host.Functions.TakeTestInboxBlob", SystemKey, BlobEventWebhook.Notification, BlobCreated(gone.Uri));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WhenHandledAsync(1);
        Assert.Empty(_recorder.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task HandleAsync_MissingOrUnknownKey_EmptyUnauthorizedWithBearerChallenge(string? key)
    {
        var blob = await UploadAsync($"guarded-{Guid.NewGuid():N}.txt", "guarded");

        using var response = await SendAsync(HttpMethod.Post, "Host.Functions.TakeTestInboxBlob", key, BlobEventWebhook.Notification, BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, Processor.Handled);
    }

    [Fact]
    public async Task HandleAsync_FunctionKeyInsteadOfSystemKey_EmptyForbidden()
    {
        var blob = await UploadAsync($"guarded-{Guid.NewGuid():N}.txt", "guarded");

        using var response = await SendAsync(HttpMethod.Post, "Host.Functions.TakeTestInboxBlob", FunctionKey, BlobEventWebhook.Notification, BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, Processor.Handled);
    }

    [Fact]
    public async Task InvokeAsync_OtherExtensionWithBlobsKey_EmptyForbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/eventgrid?code={SystemKey}");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_SubscriptionValidation_CodeEchoedAsJsonInTextPlain()
    {
        object[] events = [new { id = "1", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent", data = new { validationCode = "abc-123" } }];

        using var response = await SendAsync(HttpMethod.Post, "Host.Functions.TakeTestInboxBlob", SystemKey, BlobEventWebhook.SubscriptionValidation, events);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"validationResponse":"abc-123"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandleAsync_SubscriptionValidationCloudEventWithDataAsString_CodeEchoed()
    {
        var cloudEvent = """{ "specversion": "1.0", "type": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": "{\"validationCode\":\"from-string\"}" }""";

        using var response = await SendRawAsync(HttpMethod.Post, SystemKey, BlobEventWebhook.SubscriptionValidation, cloudEvent);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"validationResponse":"from-string"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(BlobEventWebhook.Notification, "{ not json")]
    [InlineData(BlobEventWebhook.Notification, "")]
    [InlineData(BlobEventWebhook.Notification, "42")]
    [InlineData(BlobEventWebhook.Notification, """[{ "eventType": "Microsoft.Storage.BlobCreated", "data": { "url": "https://a.example/c/b.txt" } }]""")]
    [InlineData(BlobEventWebhook.Notification, """[{ "eventType": "Microsoft.Storage.BlobCreated", "data": { "url": "not a url", "blobType": "BlockBlob" } }]""")]
    [InlineData(BlobEventWebhook.Notification, """[{ "eventType": "Microsoft.Storage.BlobCreated" }]""")]
    [InlineData(BlobEventWebhook.SubscriptionValidation, "{ not json")]
    [InlineData(BlobEventWebhook.SubscriptionValidation, """[{ "data": {} }]""")]
    public async Task HandleAsync_UnreadableEvents_EmptyInternalServerError(string eventType, string body)
    {
        using var response = await SendRawAsync(HttpMethod.Post, SystemKey, eventType, body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("GET", null, HttpStatusCode.BadRequest)]
    [InlineData("POST", null, HttpStatusCode.BadRequest)]
    [InlineData("POST", "SomethingElse", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", null, HttpStatusCode.BadRequest)]
    [InlineData("POST", BlobEventWebhook.Unsubscribe, HttpStatusCode.Accepted)]
    [InlineData("HEAD", null, HttpStatusCode.NotFound)]
    [InlineData("PATCH", BlobEventWebhook.Notification, HttpStatusCode.NotFound)]
    public async Task HandleAsync_EventTypeHeaderAndMethod_AnsweredAsTheExtensionDoes(string method, string? eventType, HttpStatusCode expected)
    {
        using var response = await SendRawAsync(new HttpMethod(method), SystemKey, eventType, method is "GET" or "HEAD" ? null : "[]");

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HandleAsync_BodyOverTheWorkersLimit_ReadUnderTheHostsOwn()
    {
        // 31 MB of whitespace in an empty event array: past the worker's 30 MB, well within the host's 100 MiB.
        var body = "[" + new string(' ', 31_000_000) + "]";

        using var response = await SendRawAsync(HttpMethod.Post, SystemKey, BlobEventWebhook.Notification, body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(null, "eventgrid.azure.net")]
    [InlineData("eventgrid.azure.us", "eventgrid.azure.us")]
    [InlineData("evil.example", "eventgrid.azure.net")]
    public async Task HandleAsync_Options_CloudEventsHandshakeAllowsEventGridOrigin(string? requestOrigin, string allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/runtime/webhooks/blobs?functionName=Host.Functions.TakeTestInboxBlob&code={SystemKey}");
        if (requestOrigin is not null)
        {
            request.Headers.Add("WebHook-Request-Origin", requestOrigin);
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowed, Assert.Single(response.Headers.GetValues("Webhook-Allowed-Origin")));
    }

    private async Task<Azure.Storage.Blobs.BlobClient> UploadAsync(string name, string content)
    {
        var container = azurite.Service.GetBlobContainerClient(TestBlobFunctions.InboxContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
        return blob;
    }

    private async Task WhenHandledAsync(long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Processor.Handled < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(count, Processor.Handled);
    }

    /// <summary>A BlobCreated event as Event Grid delivers it (its data carries url, eTag and blobType).</summary>
    private static object[] BlobCreated(Uri blobUri) =>
    [
        new
        {
            id = Guid.NewGuid().ToString(),
            eventType = "Microsoft.Storage.BlobCreated",
            subject = blobUri.AbsolutePath,
            data = new { api = "PutBlob", eTag = "0x8DC0000000000", blobType = "BlockBlob", url = blobUri.ToString() },
        },
    ];

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string functionName, string? key, string eventType, object[] events)
    {
        var request = new HttpRequestMessage(method, $"/runtime/webhooks/blobs?functionName={functionName}{(key is null ? "" : $"&code={key}")}")
        {
            Content = new StringContent(JsonSerializer.Serialize(events), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(BlobEventWebhook.EventTypeHeader, eventType);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string key, string? eventType, string? body)
    {
        var request = new HttpRequestMessage(method, $"/runtime/webhooks/blobs?functionName=Host.Functions.TakeTestInboxBlob&code={key}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (eventType is not null)
        {
            request.Headers.Add(BlobEventWebhook.EventTypeHeader, eventType);
        }

        return _client.SendAsync(request);
    }
}
