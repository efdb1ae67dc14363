using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LocalHost.Tests.Blobs;

[Collection(AzuriteGroup.Name)]
public sealed class BlobEventWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SystemKey = "blobs-extension-key";

    private readonly InboxRecorder _recorder = new();
    private RunningLocalFunctionsHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]),
            TestFunctionsFolder.Path,
            new Dictionary<string, string?>
            {
                [TestBlobFunctions.Connection] = azurite.ConnectionString,
                [LocalFunctionsHost.BlobsExtensionKeySetting] = SystemKey,
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
    public async Task HandleAsync_BlobCreatedEvent_RunsFunctionForThatBlobAndAccepts()
    {
        var blob = await UploadAsync("from-event.txt", "delivered by Event Grid");

        using var response = await PostEventsAsync($"Host.Functions.TakeTestInboxBlob&code={SystemKey}", BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("from-event.txt", "delivered by Event Grid"), Assert.Single(_recorder.Calls));
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task HandleAsync_NameWithoutHostFunctionsPrefix_AcceptedAndIgnored()
    {
        var blob = await UploadAsync("unprefixed.txt", "not for anyone");

        using var response = await PostEventsAsync($"TakeTestInboxBlob&code={SystemKey}", BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(_recorder.Calls);
        Assert.True((await blob.ExistsAsync()).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&code=wrong")]
    public async Task HandleAsync_MissingOrWrongSystemKey_EmptyUnauthorized(string code)
    {
        var blob = await UploadAsync($"guarded-{Guid.NewGuid():N}.txt", "guarded");

        using var response = await PostEventsAsync($"Host.Functions.TakeTestInboxBlob{code}", BlobCreated(blob.Uri));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(_recorder.Calls);
    }

    [Fact]
    public async Task HandleAsync_SubscriptionValidation_EchoesValidationCode()
    {
        object[] events = [new { id = "1", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent", data = new { validationCode = "abc-123" } }];

        using var response = await PostEventsAsync($"Host.Functions.TakeTestInboxBlob&code={SystemKey}", events);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("abc-123", json.RootElement.GetProperty("validationResponse").GetString());
    }

    private async Task<Azure.Storage.Blobs.BlobClient> UploadAsync(string name, string content)
    {
        var container = azurite.Service.GetBlobContainerClient(TestBlobFunctions.InboxContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
        return blob;
    }

    private static object[] BlobCreated(Uri blobUri) =>
        [new { id = Guid.NewGuid().ToString(), eventType = "Microsoft.Storage.BlobCreated", subject = blobUri.AbsolutePath, data = new { api = "PutBlob", url = blobUri.ToString() } }];

    private Task<HttpResponseMessage> PostEventsAsync(string functionNameAndCode, object[] events) =>
        _client.PostAsJsonAsync(new Uri($"/runtime/webhooks/blobs?functionName={functionNameAndCode}", UriKind.Relative), events);
}
