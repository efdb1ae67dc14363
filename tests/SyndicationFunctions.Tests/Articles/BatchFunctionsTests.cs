using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Tests.Ingestion;

namespace SyndicationFunctions.Tests.Articles;

/// <summary>The batch route's answer when storage fails: only what a store mock can produce on cue.</summary>
public sealed class BatchFunctionsTests
{
    private readonly Mock<IArticleStore> _store = new(MockBehavior.Strict);

    public BatchFunctionsTests()
        => _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyList<Article> articles, CancellationToken token) => BulkSave.OneByOneAsync(_store.Object, articles, token));

    private BatchFunctions Functions()
    {
        var ingestor = new ArticleIngestor(new ArticleParser(new FixedClock()), _store.Object, NullLogger<ArticleIngestor>.Instance);
        return new BatchFunctions(new BatchIngestor(ingestor, _store.Object, NullLogger<BatchIngestor>.Instance),
            Options.Create(new SyndicationOptions()), NullLogger<BatchFunctions>.Instance);
    }

    private static string Ndjson(params string[] ids)
        => string.Join('\n', ids.Select(id => $$"""{"id":"{{id}}","title":"Title {{id}}","contentText":"Body.","section":"World","published":"2025-06-01"}"""));

    private async Task<HttpResponse> PostAsync(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-ndjson";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Response.Body = new MemoryStream();
        var result = await Functions().PostArticleBatch(context.Request, CancellationToken.None);
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        context.Response.Body.Position = 0;
        return context.Response;
    }

    [Fact]
    public async Task PostArticleBatch_StorageDownBeforeAnythingStored_Whole503WithRetryAfter()
    {
        _store.Setup(s => s.SaveAsync(It.IsAny<Article>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("Table storage did not answer."));

        var response = await PostAsync(Ndjson("down-1", "down-2"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task PostArticleBatch_StorageDownAfterOneStored_200ListingTheItemsToRetry()
    {
        _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Article> articles, CancellationToken _) =>
                [.. articles.Select((article, i) => i == 0
                    ? BulkSaveResult.Saved(new SaveOutcome(SaveStatus.Created, new StoredArticle(article, "\"etag\"", article.Published)))
                    : BulkSaveResult.Unavailable)]);

        var response = await PostAsync(Ndjson("half-1", "half-2", "half-3"));
        using var body = await JsonDocument.ParseAsync(response.Body);

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.False(response.Headers.ContainsKey("Retry-After"));
        Assert.Equal([201, 503, 503], body.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal((1, 2), (body.RootElement.GetProperty("created").GetInt32(), body.RootElement.GetProperty("retry").GetInt32()));
    }
}
