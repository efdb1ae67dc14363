using System.Net;
using System.Text.Json;

namespace SyndicationFunctions.LocalHost.Tests.Http;

public sealed class HttpFunctionDispatcherTests(TestHttpHost host) : IClassFixture<TestHttpHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task DispatchAsync_LiteralRouteBehindEarlierNamedParameterRoute_FirstByNameWins()
    {
        var body = await Client.GetStringAsync(new Uri("/api/items/latest", UriKind.Relative));

        Assert.Equal("item latest", body);
    }

    [Fact]
    public async Task DispatchAsync_NamesDifferingInCase_OrderedAsTheHostOrdersThemIgnoringCase()
    {
        var body = await Client.GetStringAsync(new Uri("/api/things/latest", UriKind.Relative));

        Assert.Equal("thing latest", body);
    }

    [Fact]
    public async Task DispatchAsync_MethodOnlyLaterFunctionLists_LaterFunctionAnswers()
    {
        using var response = await Client.PostAsync(new Uri("/api/items/latest", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("latest", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DispatchAsync_RootWithNoFunctionAndHomepageOn_HostPlaceholderPage()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("up and running", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_RouteMatchesButMethodNotListed_EmptyNotFound()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/items/42", UriKind.Relative));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_PathWithoutRoutePrefix_EmptyNotFound()
    {
        using var response = await Client.GetAsync(new Uri("/items/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_HeadWhereFunctionListsHead_HeadersWithoutBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/api/documents/terms", UriKind.Relative));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("terms", Assert.Single(response.Headers.GetValues("X-Document")));
        Assert.Equal("document terms".Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_HeadWhereFunctionListsOnlyGet_EmptyNotFound()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/api/items/42", UriKind.Relative));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_TypedRouteValues_BoundByParameterName()
    {
        var tag = Guid.NewGuid();

        var body = await Client.GetStringAsync(new Uri($"/api/counters/41/{tag}", UriKind.Relative));

        using var json = JsonDocument.Parse(body);
        Assert.Equal(42, json.RootElement.GetProperty("next").GetInt32());
        Assert.Equal(tag, json.RootElement.GetProperty("tag").GetGuid());
    }

    [Fact]
    public async Task DispatchAsync_RouteValueFailsInlineConstraint_EmptyNotFound()
    {
        using var response = await Client.GetAsync(new Uri($"/api/counters/forty/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_TriggerWithoutRoute_ServedAtFunctionName()
    {
        var body = await Client.GetStringAsync(new Uri("/api/Unrouted", UriKind.Relative));

        Assert.Equal("reached by name", body);
    }

    [Fact]
    public async Task DispatchAsync_FunctionLevelWithoutKey_EmptyUnauthorized()
    {
        using var response = await Client.GetAsync(new Uri("/api/secret", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("test-function-key-and-more")]
    [InlineData("TEST-FUNCTION-KEY")]
    public async Task DispatchAsync_FunctionLevelWithWrongKey_EmptyUnauthorized(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/secret", UriKind.Relative));
        request.Headers.Add("x-functions-key", key);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_KeyInHeader_FunctionRuns()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/secret", UriKind.Relative));
        request.Headers.Add("x-functions-key", TestHttpHost.Key);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("kept", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_KeyInQueryCode_FunctionRuns()
    {
        using var response = await Client.GetAsync(new Uri($"/api/secret?code={TestHttpHost.Key}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_WrongHeaderAndRightCode_HeaderWinsUnauthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/secret?code={TestHttpHost.Key}", UriKind.Relative));
        request.Headers.Add("x-functions-key", "wrong-key");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_RightHeaderAndWrongCode_HeaderWinsAuthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/secret?code=wrong-key", UriKind.Relative));
        request.Headers.Add("x-functions-key", TestHttpHost.Key);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_AdminLevelWithKey_VoidFunctionWritesResponse()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin", UriKind.Relative));
        using var refused = await Client.SendAsync(request);
        using var authorized = await Client.PostAsync(new Uri($"/api/admin?code={TestHttpHost.Key}", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, authorized.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_FunctionThrows_EmptyInternalServerError()
    {
        using var response = await Client.GetAsync(new Uri("/api/explode", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_FunctionThrowsAfterWriting_EmptyInternalServerError()
    {
        using var response = await Client.GetAsync(new Uri("/api/explode/late", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_NotModifiedWithBody_EmptyInternalServerError()
    {
        using var response = await Client.GetAsync(new Uri("/api/stale/body", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DispatchAsync_NotModifiedWithoutBody_NotModified()
    {
        using var response = await Client.GetAsync(new Uri("/api/stale", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task DispatchAsync_TwoCalls_NewFunctionInstanceEach()
    {
        var before = host.Instances.Created;

        await Client.GetStringAsync(new Uri("/api/items/1", UriKind.Relative));
        await Client.GetStringAsync(new Uri("/api/items/2", UriKind.Relative));

        Assert.True(host.Instances.Created >= before + 2, $"expected at least {before + 2} instances, saw {host.Instances.Created}");
    }

    [Theory]
    [InlineData("POST /api/items/latest", "500")]
    [InlineData("POST /api/no-such-route", "404")]
    [InlineData("GET /api/secret", "401")]
    public async Task DispatchAsync_DeclaredBodyOverHostLimit_AnsweredWithoutReadingIt(string requestLine, string status)
    {
        // Only the headers are sent: the host answers from the declared length alone, and only once it would hand
        // the body to a function; routing and the key check come first.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Client.BaseAddress!.Host, Client.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"{requestLine} HTTP/1.1\r\nHost: {Client.BaseAddress.Authority}\r\nContent-Length: {LocalFunctionsHost.HostMaxRequestBodyBytes + 1}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));

        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith($"HTTP/1.1 {status}", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}
