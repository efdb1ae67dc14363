using System.Net;
using System.Text;
using SyndicationFunctions.Http;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Http;

/// <summary>
/// The local host's answers pinned to the real Azure Functions host's. Each case was observed on the Functions host
/// 4.1037 serving the published app (the real host cannot run here); where an answer is the host's own (not the
/// app's), its status, content type and body are the host's. X-Content-Type-Options was missing from those answers
/// then, because host.json did not yet ask for it: host.json's extensions.http.customHeaders now does, and the host
/// applies them ahead of its routing, key checks and webhooks (CustomHttpHeadersMiddleware), so both hosts send it.
/// </summary>
public sealed class FunctionsHostParityTests(AppFixture app) : IClassFixture<AppFixture>
{
    public const string ObservedHostVersion = "4.1037";

    private const string Webhook = "/runtime/webhooks/blobs?functionName=Host.Functions.IngestInboxBlob";

    private static readonly Dictionary<string, ObservedAnswer> Observed = new()
    {
        ["function route, no key"] = new(new("POST", "/api/articles"), HttpStatusCode.Unauthorized),
        ["function route, wrong key"] = new(new("POST", "/api/articles", Key: "wrong"), HttpStatusCode.Unauthorized),
        ["function route, wrong header beats right code"] = new(new("POST", $"/api/articles?code={AppFixture.FunctionKey}", Key: "wrong"), HttpStatusCode.Unauthorized),
        ["unlisted method"] = new(new("DELETE", "/api/feeds/rss"), HttpStatusCode.NotFound),
        ["OPTIONS"] = new(new("OPTIONS", "/api/feeds/rss"), HttpStatusCode.NotFound),
        ["unknown route"] = new(new("GET", "/api/no-such-route"), HttpStatusCode.NotFound),
        ["empty segment"] = new(new("GET", "/api//health"), HttpStatusCode.NotFound),
        ["webhook, function key"] = new(new("POST", Webhook, Key: AppFixture.FunctionKey, EventType: "Notification", Body: "[]"), HttpStatusCode.Forbidden),
        ["webhook, subscription validation"] = new(
            new("POST", Webhook, Key: AppFixture.BlobsExtensionKey, EventType: "SubscriptionValidation",
                Body: """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]"""),
            HttpStatusCode.OK, "text/plain; charset=utf-8", """{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}"""),
        ["webhook, unreadable JSON"] = new(new("POST", Webhook, Key: AppFixture.BlobsExtensionKey, EventType: "Notification", Body: "{ not json"), HttpStatusCode.InternalServerError),
        ["webhook, GET"] = new(new("GET", Webhook, Key: AppFixture.BlobsExtensionKey), HttpStatusCode.BadRequest),
        ["webhook, unknown function"] = new(
            new("POST", "/runtime/webhooks/blobs?functionName=Host.Functions.X", Key: AppFixture.BlobsExtensionKey, EventType: "Notification", Body: BlobCreated("parity-unknown.txt")),
            HttpStatusCode.Accepted),
        ["webhook, blob created"] = new(
            new("POST", Webhook, Key: AppFixture.BlobsExtensionKey, EventType: "Notification", Body: BlobCreated("parity-gone.txt")),
            HttpStatusCode.Accepted),
    };

    public static TheoryData<string> Cases => [.. Observed.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answer_ObservedOnTheRealHost_SameStatusTypeAndBodyWithNoSniff(string name)
    {
        var expected = Observed[name];
        using var request = expected.Request.ToMessage();

        using var response = await app.Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected.Status == response.StatusCode, $"{name}: {ObservedHostVersion} answered {(int)expected.Status}, the local host {(int)response.StatusCode}");
        Assert.Equal(expected.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expected.Body ?? string.Empty, body);
        Assert.Equal(ResponseHeaders.NoSniff, Assert.Single(response.Headers.GetValues(ResponseHeaders.ContentTypeOptions)));
    }

    /// <summary>
    /// Read in the host's source (its HomepageMiddleware), not observed: a request to <c>/</c> that ran no function, here a
    /// method the front page does not list, is the host's empty 204 once <c>AzureWebJobsDisableHomepage</c> is true, as
    /// the Bicep sets it; never the placeholder page, never a 404.
    /// </summary>
    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task Root_MethodNoFunctionServes_HomepageDisabled204Empty(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(ResponseHeaders.NoSniff, Assert.Single(response.Headers.GetValues(ResponseHeaders.ContentTypeOptions)));
    }

    private static string BlobCreated(string blobName) =>
        $$$"""[{"id":"{{{Guid.NewGuid()}}}","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/articles-inbox/blobs/{{{blobName}}}","data":{"api":"PutBlob","eTag":"0x8DD0000000000","blobType":"BlockBlob","url":"https://account.blob.core.windows.net/articles-inbox/{{{blobName}}}"}}]""";

    /// <summary>A request as it was sent to both hosts; the key goes in x-functions-key.</summary>
    public sealed record HostRequest(string Method, string Path, string? Key = null, string? EventType = null, string? Body = null)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Key is not null)
            {
                message.Headers.Add("x-functions-key", Key);
            }

            if (EventType is not null)
            {
                message.Headers.Add("aeg-event-type", EventType);
            }

            if (Body is not null)
            {
                message.Content = new StringContent(Body, Encoding.UTF8, "application/json");
            }

            return message;
        }
    }

    /// <summary>What the real host answered: an empty body and no content type unless given.</summary>
    public sealed record ObservedAnswer(HostRequest Request, HttpStatusCode Status, string? ContentType = null, string? Body = null);
}
