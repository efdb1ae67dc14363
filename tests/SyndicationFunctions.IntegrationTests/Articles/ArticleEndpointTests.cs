using System.Net;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Articles;

public sealed class ArticleEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Json(string id, string title, string section = "World", string extra = "")
        => $$"""{"id":"{{id}}","title":"{{title}}","summary":"Short.","contentText":"Body of {{id}}.","published":"2025-06-01T10:00:00Z","section":"{{section}}"{{extra}}}""";

    [Fact]
    public async Task Post_WithoutKeyOrWithWrongKey_Empty401()
    {
        using var none = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain", key: null);
        using var wrong = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain", key: "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(await none.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_SeedTextTwice_201WithLocationThen200AndNoDuplicate()
    {
        using var first = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain; charset=utf-8");
        using var second = await app.PostArticleAsync(AppFixture.Seed(AppFixture.SeedName), "text/plain; charset=utf-8");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/articles/{AppFixture.SeedId}", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(second.Headers.Location);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(AppFixture.SeedTitle, body.RootElement.GetProperty("title").GetString());
        Assert.Equal("turkiye", body.RootElement.GetProperty("section").GetProperty("slug").GetString());
        Assert.Equal("http", body.RootElement.GetProperty("source").GetProperty("kind").GetString());

        using var feed = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/turkiye/json"));
        Assert.Single(feed.RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Post_ChangedContentSameId_200UpdatedAndFeedShowsNewText()
    {
        using var created = await app.PostArticleAsync(Json("update-me", "First title"), "application/json");
        var before = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("updated").GetDateTimeOffset();

        using var changed = await app.PostArticleAsync(Json("update-me", "Second title"), "application/json");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = JsonDocument.Parse(await changed.Content.ReadAsStringAsync()).RootElement.GetProperty("updated").GetDateTimeOffset();
        Assert.True(after >= before);
        var rss = await app.Client.GetStringAsync("/api/feeds/world/rss");
        Assert.Contains("Second title", rss, StringComparison.Ordinal);
        Assert.DoesNotContain("First title", rss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_StoredArticle_JsonWithETagAnd304OnMatch()
    {
        using var created = await app.PostArticleAsync(Json("etag-check", "ETag check"), "application/json");

        using var response = await app.Client.GetAsync("/api/articles/etag-check");
        var etag = response.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/articles/etag-check");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await app.Client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(created.Headers.ETag, etag);
        Assert.Equal("ETag check", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/articles/no-such-article")]
    [InlineData("/api/articles/bad%23id")]
    public async Task Get_UnknownOrImpossibleId_404Problem(string path)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_InvalidJson_400ProblemWithFieldErrors()
    {
        using var malformed = await app.PostArticleAsync("{\"title\": ", "application/json");
        using var missing = await app.PostArticleAsync("""{"title":"No section","contentText":"x"}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("section", out _));
    }

    [Fact]
    public async Task Post_UnsupportedContentType_415Problem()
    {
        using var response = await app.PostArticleAsync("%PDF-1.7", "application/pdf");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_BodyOverOneMebibyte_413Problem()
    {
        using var response = await app.PostArticleAsync(new string('a', 1024 * 1024 + 1), "text/plain");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_ScriptAndControlCharacters_StoredClean()
    {
        const string body = """{"id":"hostile-one","title":"Hostile\u0007 title","contentHtml":"<p onclick=\"x()\">Hi<script>alert(1)</script><a href=\"javascript:alert(2)\">link</a></p><iframe src=\"https://evil.example\"></iframe>","published":"2025-06-01T10:00:00Z","section":"World"}""";

        using var response = await app.PostArticleAsync(body, "application/json");
        var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var html = stored.GetProperty("contentHtml").GetString()!;
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Hostile title", stored.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Post_NoDatesSameTitleOtherSection_200UpdateNever500()
    {
        // No id and no date: the id comes from today and the title, the date from the clock (with fractions of a second).
        using var first = await app.PostArticleAsync("""{"title":"Undated note","contentText":"One.","section":"Alpha"}""", "application/json");
        await Task.Delay(1100);
        using var second = await app.PostArticleAsync("""{"title":"Undated note","contentText":"One.","section":"Beta"}""", "application/json");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var beta = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/beta/json"));
        Assert.Single(beta.RootElement.GetProperty("items").EnumerateArray());
        using var alpha = JsonDocument.Parse(await app.Client.GetStringAsync("/api/feeds/alpha/json"));
        Assert.Empty(alpha.RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Put_WithCurrentETag_200ThenStaleETag_412()
    {
        using var created = await app.PostArticleAsync(Json("put-me", "Before"), "application/json");
        var etag = created.Headers.ETag!.Tag;

        using var replaced = await app.SendAsync(HttpMethod.Put, "/api/articles/put-me", """{"title":"After","contentText":"New body.","published":"2025-06-01T10:00:00Z","section":"World"}""", etag);
        using var stale = await app.SendAsync(HttpMethod.Put, "/api/articles/put-me", """{"title":"Lost","contentText":"x","published":"2025-06-01T10:00:00Z","section":"World"}""", etag);
        using var noKey = await app.Client.PutAsync("/api/articles/put-me", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(etag, replaced.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var stored = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/put-me")).RootElement;
        Assert.Equal("After", stored.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Put_UnknownIdOrOtherIdInBody_404Or400()
    {
        using var unknown = await app.SendAsync(HttpMethod.Put, "/api/articles/never-posted", Json("never-posted", "Nope"), "*");
        using var created = await app.PostArticleAsync(Json("put-other", "Mine"), "application/json");
        using var otherId = await app.SendAsync(HttpMethod.Put, "/api/articles/put-other", Json("someone-else", "Theirs"), "*");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherId.StatusCode);
        Assert.True(JsonDocument.Parse(await otherId.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Delete_Article_204ThenGoneFromFeedsAnd410()
    {
        using var created = await app.PostArticleAsync(Json("delete-me", "Soon gone", section: "Ephemeral"), "application/json");
        Assert.Contains("Soon gone", await app.Client.GetStringAsync("/api/feeds/rss"), StringComparison.Ordinal);

        using var deleted = await app.SendAsync(HttpMethod.Delete, "/api/articles/delete-me");
        using var again = await app.SendAsync(HttpMethod.Delete, "/api/articles/delete-me");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await app.Client.GetAsync("/api/articles/delete-me")).StatusCode);
        Assert.DoesNotContain("Soon gone", await app.Client.GetStringAsync("/api/feeds/rss"), StringComparison.Ordinal);
        Assert.DoesNotContain("Soon gone", await app.Client.GetStringAsync("/api/feeds/ephemeral/atom"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PagesNewestFirstWithNextCursor()
    {
        for (var day = 1; day <= 3; day++)
        {
            using var posted = await app.PostArticleAsync(
                $$"""{"id":"listed-{{day}}","title":"Listed {{day}}","contentText":"x","published":"2024-01-0{{day}}T00:00:00Z","section":"Listing"}""", "application/json");
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var first = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles?section=listing&limit=2")).RootElement;
        var next = first.GetProperty("next").GetString();
        var second = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/articles?section=listing&limit=2&cursor={Uri.EscapeDataString(next!)}")).RootElement;

        Assert.Equal(["listed-3", "listed-2"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["listed-1"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync("/api/articles?section=Not%20A%20Slug")).StatusCode);
    }

    [Fact]
    public async Task Get_BrowserAccept_HtmlPageWithoutScriptAndItsOwnETag()
    {
        const string body = """{"id":"page-view","title":"A <b>bold</b> title","summary":"Sum & more","contentHtml":"<p>Body text.</p><script>alert(1)</script>","published":"2025-06-01T10:00:00Z","section":"World","authors":[{"name":"Ann Writer"}]}""";
        using var created = await app.PostArticleAsync(body, "application/json");
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/articles/page-view");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        using var page = await app.Client.SendAsync(browser);
        using var api = await app.Client.GetAsync("/api/articles/page-view");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>A &lt;b&gt;bold&lt;/b&gt; title</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Body text.</p>", html, StringComparison.Ordinal);
        Assert.Contains("Ann Writer", html, StringComparison.Ordinal);
        // The only script element is JSON-LD data, which no browser runs; the publisher's script is gone.
        Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
            tag => Assert.Equal("<script type=\"application/ld+json\">", tag.Value));
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("application/json", api.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(page.Headers.ETag, api.Headers.ETag);
        Assert.Contains("Accept", page.Headers.Vary);
    }
}
