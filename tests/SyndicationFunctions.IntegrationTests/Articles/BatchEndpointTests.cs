using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Articles;

public sealed class BatchEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static string Json(string id, string title, string section) =>
        $$"""{"id":"{{id}}","title":"{{title}}","summary":"Short.","contentText":"Body of {{id}}.","published":"2025-06-01T10:00:00Z","section":"{{section}}"}""";

    private async Task<HttpResponseMessage> PostBatchAsync(string body, string contentType, string? key = AppFixture.FunctionKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles/batch")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await app.Client.SendAsync(request);
    }

    private static async Task<JsonElement> BodyOf(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<List<string>> FeedTitlesAsync(string section)
    {
        using var feed = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/feeds/{section}/json"));
        return [.. feed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
    }

    [Fact]
    public async Task PostBatch_WithoutKeyOrWithWrongKey_Empty401AndNothingStored()
    {
        var body = $"[{Json("nokey-1", "No key", "Nokey")}]";

        using var none = await PostBatchAsync(body, "application/json", key: null);
        using var wrong = await PostBatchAsync(body, "application/json", key: "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(await none.Content.ReadAsByteArrayAsync());
        using var article = await app.Client.GetAsync("/api/articles/nokey-1");
        Assert.Equal(HttpStatusCode.NotFound, article.StatusCode);
    }

    [Fact]
    public async Task PostBatch_MixedArray_PerItemStatusesAndTheValidOnesInTheFeed()
    {
        var body = $$"""
            [
              {{Json("mixed-1", "Mixed one", "Mixed")}},
              {"id":"mixed-2","title":"No body","section":"Mixed","published":"2025-06-01"},
              "not an article",
              {{Json("mixed-4", "Mixed four", "Mixed")}}
            ]
            """;

        using var response = await PostBatchAsync(body, "application/json; charset=utf-8");
        var result = await BodyOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var items = result.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal([201, 400, 400, 201], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal("created", items[0].GetProperty("outcome").GetString());
        Assert.Equal("/api/articles/mixed-1", items[0].GetProperty("location").GetString());
        Assert.Equal("mixed-2", items[1].GetProperty("id").GetString());
        Assert.True(items[1].GetProperty("errors").TryGetProperty("content", out _));
        Assert.False(items[0].TryGetProperty("line", out _));
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(2, result.GetProperty("failed").GetInt32());
        Assert.Equal(0, result.GetProperty("retry").GetInt32());
        Assert.Equal(["Mixed four", "Mixed one"], (await FeedTitlesAsync("mixed")).Order(StringComparer.Ordinal));
        using var stored = JsonDocument.Parse(await app.Client.GetStringAsync("/api/articles/mixed-4"));
        Assert.Equal("http", stored.RootElement.GetProperty("source").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PostBatch_NdjsonWithBlankLineAndBadLine_ResultsNameTheLines()
    {
        var body = $"{Json("nd-1", "Line one", "Lines")}\r\n\r\n{Json("nd-2", "Line three", "Lines")}\r\n{{\"id\": \"nd-3\",\r\n";

        using var response = await PostBatchAsync(body, "application/x-ndjson");
        var items = (await BodyOf(response)).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 3, 4], items.Select(i => i.GetProperty("line").GetInt32()));
        Assert.Equal([201, 201, 400], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.StartsWith("Line 4 is not valid JSON", items[2].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Line one", "Line three"], (await FeedTitlesAsync("lines")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostBatch_SameBatchTwice_SecondIsUnchangedAndNoDuplicates()
    {
        var body = $"[{Json("twice-1", "Twice one", "Twice")}, {Json("twice-2", "Twice two", "Twice")}]";

        using var first = await PostBatchAsync(body, "application/json");
        using var second = await PostBatchAsync(body, "application/json");
        var again = await BodyOf(second);

        Assert.Equal(2, (await BodyOf(first)).GetProperty("created").GetInt32());
        Assert.Equal(["unchanged", "unchanged"], again.GetProperty("results").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
        Assert.Equal([200, 200], again.GetProperty("results").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal((0, 2), (again.GetProperty("created").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(2, (await FeedTitlesAsync("twice")).Count);
    }

    [Fact]
    public async Task PostBatch_SameIdTwiceInOneBatch_LaterIsAnUpdateAndWins()
    {
        var body = $"[{Json("repeat-1", "Earlier text", "Repeat")}, {Json("repeat-1", "Later text", "Repeat")}]";

        using var response = await PostBatchAsync(body, "application/json");
        var result = await BodyOf(response);

        Assert.Equal(["created", "updated"], result.GetProperty("results").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
        Assert.Equal(["Later text"], await FeedTitlesAsync("repeat"));
    }

    [Fact]
    public async Task PostBatch_BodyOverOneMebibyte_413Problem()
    {
        using var response = await PostBatchAsync($"[\"{new string('a', 1024 * 1024)}\"]", "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/markdown")]
    [InlineData("application/pdf")]
    public async Task PostBatch_UnsupportedContentType_415Problem(string contentType)
    {
        using var response = await PostBatchAsync(Json("plain-1", "Plain", "Plain"), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("application/x-ndjson", (await BodyOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title":"one article","contentText":"x","section":"World"}""", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("[{\"title\": ", "application/json")]
    [InlineData("\n\n", "application/x-ndjson")]
    public async Task PostBatch_UnreadableOrEmptyBody_400Problem(string body, string contentType)
    {
        using var response = await PostBatchAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await BodyOf(response)).GetProperty("errors").TryGetProperty("body", out _));
    }
}
