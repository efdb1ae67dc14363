using System.Net;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;

namespace SyndicationFunctions.IntegrationTests.Http;

/// <summary>What every client may rely on: HEAD beside GET, preconditions on writes, headers, titles, hosts.</summary>
public sealed class HttpContractTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const string ArticleId = "contract-article";

    public async Task InitializeAsync()
    {
        using var created = await app.PostArticleAsync(
            $$"""{"id":"{{ArticleId}}","title":"Contract","contentText":"Body.","published":"2025-06-01T08:00:00Z","section":"World"}""", "application/json");
        Assert.True(created.IsSuccessStatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/api/articles/" + ArticleId)]
    [InlineData("/api/articles")]
    [InlineData("/api/articles?section=world&limit=5")]
    [InlineData("/api/summary")]
    [InlineData("/api/health")]
    [InlineData("/api/feeds/rss")]
    [InlineData("/api/feeds/world/atom")]
    [InlineData("/api/feeds/json")]
    public async Task Head_EveryGetRoute_SameStatusAndHeadersNoBody(string path)
    {
        using var get = await app.Client.GetAsync(path);
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_UnknownArticle_404WithoutBody()
    {
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/articles/never-was"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Put_WithoutIfMatch_428AndNothingChanged()
    {
        using var put = await app.SendAsync(HttpMethod.Put, $"/api/articles/{ArticleId}", Body("Overwritten"), ifMatch: null);

        Assert.Equal((HttpStatusCode)428, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType!.MediaType);
        Assert.Contains("If-Match", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Contract", await TitleAsync(ArticleId));
    }

    [Fact]
    public async Task Put_HeadETagAsIfMatch_TheReadmeRecipeReplaces()
    {
        using var created = await app.PostArticleAsync(
            """{"id":"recipe-article","title":"Before","contentText":"Body.","published":"2025-06-01T08:00:00Z","section":"World"}""", "application/json");
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/articles/recipe-article"));
        var etag = head.Headers.ETag!.ToString();

        using var put = await app.SendAsync(HttpMethod.Put, "/api/articles/recipe-article", Body("After"), etag);
        using var stale = await app.SendAsync(HttpMethod.Put, "/api/articles/recipe-article", Body("Lost"), etag);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("After", await TitleAsync("recipe-article"));
    }

    [Fact]
    public async Task Put_IfMatchStar_ReplacesWhateverIsThere()
    {
        using var created = await app.PostArticleAsync(
            """{"id":"star-article","title":"Before","contentText":"Body.","published":"2025-06-01T08:00:00Z","section":"World"}""", "application/json");

        using var put = await app.SendAsync(HttpMethod.Put, "/api/articles/star-article", Body("Star"), "*");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Star", await TitleAsync("star-article"));
    }

    [Fact]
    public async Task Delete_StaleIfMatch_412AndStillThere()
    {
        using var delete = await app.SendAsync(HttpMethod.Delete, $"/api/articles/{ArticleId}", null, "\"not-the-current-version\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, delete.StatusCode);
        Assert.Equal("Contract", await TitleAsync(ArticleId));
    }

    [Theory]
    [InlineData("GET", "/api/feeds/rss", null)]
    [InlineData("GET", "/api/articles/never-was", null)]
    [InlineData("GET", "/api/feeds/nope/nope/nope", null)]
    [InlineData("POST", "/api/articles", null)]
    [InlineData("POST", "/api/articles", AppFixture.FunctionKey)]
    [InlineData("GET", "/api/summary", null)]
    public async Task AnyResponse_CarriesNoSniff(string method, string path, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
            request.Content = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await app.Client.SendAsync(request);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task NotModified_CarriesNoSniff()
    {
        using var first = await app.Client.GetAsync("/api/feeds/rss");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/rss");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal("nosniff", Assert.Single(again.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/api/feeds/rss?limit=zero", "limit")]
    [InlineData("/api/articles?limit=-1", "limit")]
    [InlineData("/api/articles?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/articles?section=Not%20A%20Slug", "section")]
    public async Task BadQueryParameter_400TitledAfterTheParameter(string path, string parameter)
    {
        using var response = await app.Client.GetAsync(path);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var title = problem.RootElement.GetProperty("title").GetString()!;
        Assert.Contains(parameter, title, StringComparison.Ordinal);
        Assert.DoesNotContain("article", title, StringComparison.OrdinalIgnoreCase);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Theory]
    [InlineData("application/json", "")]
    [InlineData("text/plain", "   \n\n  ")]
    [InlineData("text/markdown", "\n")]
    [InlineData("text/html", "")]
    public async Task Post_EmptyBody_400SaysEmpty(string contentType, string body)
    {
        using var response = await app.PostArticleAsync(body, contentType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body is empty.", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/feeds/rss")]
    [InlineData("/api/feeds/world/atom")]
    [InlineData("/api/feeds/json")]
    [InlineData("/api/summary")]
    public async Task UntrustedHost_421AndNoLinkToIt(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        using var response = await app.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Headers.CacheControl?.Public is true ? response.Headers.CacheControl : null);
        Assert.DoesNotContain("http://evil.example", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task LoopbackHost_LinksFollowIt(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/rss");
        request.Headers.Host = $"{host}:{app.BaseAddress.Port}";

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"http://{host}:{app.BaseAddress.Port}/api/feeds/rss", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedHostsAndPublicBaseUrl_DecideTheLinks()
    {
        await using var allowing = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = app.Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
            ["Syndication:AllowedHosts"] = "news.example.org, feeds.example.org",
        });
        await using var pinned = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = app.Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
            ["Syndication:PublicBaseUrl"] = "https://public.example.net",
        });
        using var allowingClient = allowing.CreateClient();
        using var pinnedClient = pinned.CreateClient();

        var listed = await FeedAsync(allowingClient, "feeds.example.org");
        var other = await FeedAsync(allowingClient, "evil.example");
        var pinnedEvil = await FeedAsync(pinnedClient, "evil.example");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Contains("http://feeds.example.org/api/feeds/rss", listed.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, other.Status);
        Assert.Equal(HttpStatusCode.OK, pinnedEvil.Status);
        Assert.Contains("https://public.example.net/api/feeds/rss", pinnedEvil.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", pinnedEvil.Body, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> FeedAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/rss");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Body(string title)
        => $$"""{"title":"{{title}}","contentText":"Replaced body.","published":"2025-06-01T08:00:00Z","section":"World"}""";

    private async Task<string?> TitleAsync(string id)
    {
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/articles/{id}"));
        return json.RootElement.GetProperty("title").GetString();
    }

}
