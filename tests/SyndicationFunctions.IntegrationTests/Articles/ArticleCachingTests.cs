using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Articles;

/// <summary>How long shared caches may keep an article, a missing one and the change feed, and how they are compressed.</summary>
public sealed class ArticleCachingTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static string Json(string id, string body)
        => JsonSerializer.Serialize(new
        {
            id,
            title = "Cached story " + id,
            summary = "Short.",
            contentText = string.Join("\n\n", Enumerable.Repeat(body, 30)),
            published = "2025-06-01T10:00:00Z",
            section = "World",
        });

    [Theory]
    [InlineData("application/json", "br")]
    [InlineData("application/json", "gzip")]
    [InlineData(BrowserAccept, "br")]
    [InlineData(BrowserAccept, "gzip")]
    public async Task Get_Article_BoundedMaxAgeVaryAndCompressedWithItsOwnValidator(string accept, string coding)
    {
        var id = $"cached-{coding}-{(accept == BrowserAccept ? "page" : "json")}";
        using var created = await app.PostArticleAsync(Json(id, "The harbour reopened on Monday after three weeks of repairs."), "application/json");
        using var plain = await GetAsync($"/api/articles/{id}", accept, null);

        using var compressed = await GetAsync($"/api/articles/{id}", accept, coding);
        using var conditional = await GetAsync($"/api/articles/{id}", accept, coding, compressed.Headers.ETag);

        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(coding, Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), ContentCodings.Decompress(await compressed.Content.ReadAsByteArrayAsync(), coding));
        Assert.Contains("Accept", compressed.Headers.Vary);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.True(compressed.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), compressed.Headers.CacheControl.MaxAge);
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, conditional.StatusCode);
        Assert.Equal(compressed.Headers.ETag, conditional.Headers.ETag);
    }

    [Fact]
    public async Task Get_AfterABodyCorrection_EveryValidatorChanges()
    {
        using var created = await app.PostArticleAsync(Json("corrected", "The first version of the body."), "application/json");
        using var json = await GetAsync("/api/articles/corrected", "application/json", "br");
        using var page = await GetAsync("/api/articles/corrected", BrowserAccept, "gzip");

        using var replaced = await app.SendAsync(HttpMethod.Put, "/api/articles/corrected", Json("corrected", "The corrected version of the body."), created.Headers.ETag!.Tag);
        using var jsonAfter = await GetAsync("/api/articles/corrected", "application/json", "br", json.Headers.ETag);
        using var pageAfter = await GetAsync("/api/articles/corrected", BrowserAccept, "gzip", page.Headers.ETag);

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, jsonAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pageAfter.StatusCode);
        Assert.NotEqual(json.Headers.ETag, jsonAfter.Headers.ETag);
        Assert.NotEqual(page.Headers.ETag, pageAfter.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Put_IfMatchFromACompressedCopy_NamesTheSameVersion(string coding)
    {
        var id = "put-after-" + coding;
        using var created = await app.PostArticleAsync(Json(id, "Before the correction, the body said something long enough to compress."), "application/json");
        using var read = await GetAsync($"/api/articles/{id}", "application/json", coding);

        using var replaced = await app.SendAsync(HttpMethod.Put, $"/api/articles/{id}", Json(id, "After."), read.Headers.ETag!.Tag);
        using var stale = await app.SendAsync(HttpMethod.Put, $"/api/articles/{id}", Json(id, "Lost."), read.Headers.ETag!.Tag);

        Assert.EndsWith($"-{coding}\"", read.Headers.ETag.Tag, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(BrowserAccept)]
    public async Task Get_WithdrawnOrUnknown_CachedBrieflyOnly(string accept)
    {
        using var created = await app.PostArticleAsync(Json("withdrawn-" + accept.Length, "Soon gone."), "application/json");
        using var deleted = await app.SendAsync(HttpMethod.Delete, "/api/articles/withdrawn-" + accept.Length);

        using var gone = await GetAsync("/api/articles/withdrawn-" + accept.Length, accept, "br");
        using var unknown = await GetAsync("/api/articles/never-published", accept, "br");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { gone, unknown })
        {
            Assert.True(response.Headers.CacheControl!.MaxAge <= TimeSpan.FromSeconds(30), $"{response.StatusCode}: {response.Headers.CacheControl}");
            Assert.Contains("Accept", response.Headers.Vary);
        }
    }

    [Fact]
    public async Task GetChanges_AskedForBrotli_CompressedWithVaryAndValidatorPerCoding()
    {
        for (var i = 0; i < 3; i++)
        {
            using var created = await app.PostArticleAsync(Json($"change-{i}", "A change to the archive with enough words to compress."), "application/json");
        }

        using var plain = await GetAsync("/api/changes", "application/json", null);
        using var compressed = await GetAsync("/api/changes", "application/json", "br");
        using var conditional = await GetAsync("/api/changes", "application/json", "br", compressed.Headers.ETag);

        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), ContentCodings.Decompress(await compressed.Content.ReadAsByteArrayAsync(), "br"));
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, conditional.StatusCode);
        Assert.True(compressed.Headers.CacheControl!.MaxAge > TimeSpan.Zero);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept, string? coding, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (coding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return await app.Client.SendAsync(request);
    }

}
