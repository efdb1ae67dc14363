using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class BatchIngestorTests
{
    private static readonly ArticleSource Http = new(ArticleSource.Http);

    private readonly Mock<IArticleStore> _store = new(MockBehavior.Strict);
    private readonly List<Article> _saved = [];

    public BatchIngestorTests()
    {
        // Storage as the ingestor sees it: new ids are created, known ids updated. Whether identical content is
        // "unchanged" is the store's rule, covered by the integration tests against Azurite.
        _store.Setup(s => s.SaveAsync(It.IsAny<Article>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Article article, CancellationToken _) =>
            {
                var status = _saved.Exists(a => a.Id == article.Id) ? SaveStatus.Updated : SaveStatus.Created;
                _saved.Add(article);
                return new SaveOutcome(status, new StoredArticle(article, "\"etag\"", article.Published));
            });
        // The interface's own bulk write: one SaveAsync per article.
        _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyList<Article> articles, CancellationToken token) => BulkSave.OneByOneAsync(_store.Object, articles, token));
    }

    private BatchIngestor Ingestor()
        => new(new ArticleIngestor(new ArticleParser(new FixedClock()), _store.Object, NullLogger<ArticleIngestor>.Instance), _store.Object, NullLogger<BatchIngestor>.Instance);

    private static string Article(string id, string title = "A title") => $$"""{"id":"{{id}}","title":"{{title}}","contentText":"Body.","section":"World","published":"2025-06-01"}""";

    private static IReadOnlyList<BatchItem> Ndjson(params string[] lines) => BatchReader.Read(string.Join('\n', lines), BatchFraming.Ndjson);

    [Fact]
    public async Task IngestAsync_ValidAndInvalidItems_EachGetsItsOwnStatusAndTheValidAreStored()
    {
        var items = Ndjson(Article("ok-1"), """{"id":"no-section","title":"T","contentText":"x"}""", "not json", Article("ok-2"));

        var report = await Ingestor().IngestAsync(items, Http, CancellationToken.None);

        Assert.Equal([201, 400, 400, 201], report.Results.Select(r => r.Status));
        Assert.Equal([1, 2, 3, 4], report.Results.Select(r => r.Line!.Value));
        Assert.Equal(["ok-1", "ok-2"], _saved.Select(a => a.Id));
        Assert.All(_saved, a => Assert.Equal(ArticleSource.Http, a.Source.Kind));
        var created = report.Results[0];
        Assert.Equal(("created", "ok-1", "/api/articles/ok-1"), (created.Outcome, created.Id, created.Location));
        var invalid = report.Results[1];
        Assert.Equal("no-section", invalid.Id);
        Assert.Null(invalid.Outcome);
        Assert.True(invalid.Errors!.ContainsKey("section"));
        Assert.Contains("Line 3", report.Results[2].Detail, StringComparison.Ordinal);
        Assert.Equal((2, 0, 0, 2, 0), (report.Created, report.Updated, report.Unchanged, report.Failed, report.Retry));
    }

    [Fact]
    public async Task IngestAsync_SameIdTwice_ProcessedInOrderSoTheLaterIsAnUpdateAndWins()
    {
        var items = BatchReader.Read($"[{Article("dup", "First")}, {Article("dup", "Second")}]", BatchFraming.JsonArray);

        var report = await Ingestor().IngestAsync(items, Http, CancellationToken.None);

        Assert.Equal(["created", "updated"], report.Results.Select(r => r.Outcome));
        Assert.Equal([201, 200], report.Results.Select(r => r.Status));
        Assert.Equal(["First", "Second"], _saved.Select(a => a.Title));
    }

    [Fact]
    public async Task IngestAsync_StoreTookOnlyPartOfTheBatch_TheRestNotStoredInvalidStay400()
    {
        // What a bulk write reports when storage fails after the first article: the rest are not stored.
        _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Article> articles, CancellationToken _) =>
                [.. articles.Select((article, i) => i == 0
                    ? BulkSaveResult.Saved(new SaveOutcome(SaveStatus.Created, new StoredArticle(article, "\"etag\"", article.Published)))
                    : BulkSaveResult.Unavailable)]);
        var items = Ndjson(Article("s-1"), Article("s-2"), "{broken", Article("s-4"));

        var report = await Ingestor().IngestAsync(items, Http, CancellationToken.None);

        // Line 3 stays a 400: resending it as it is would not help.
        Assert.Equal([201, 503, 400, 503], report.Results.Select(r => r.Status));
        Assert.Equal("s-4", report.Results[3].Id);
        Assert.Equal("Not stored; retry.", report.Results[1].Title);
        Assert.Equal((1, 1, 2, 1), (report.Created, report.Stored, report.Retry, report.Failed));
    }

    [Fact]
    public async Task IngestAsync_StorageDownInTheFirstChunk_LaterChunksNeverSent()
    {
        var calls = 0;
        _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Article> articles, CancellationToken _) =>
            {
                calls++;
                return [.. articles.Select(_ => BulkSaveResult.Unavailable)];
            });
        var items = Ndjson([.. Enumerable.Range(0, BatchIngestor.StoreChunk + 1).Select(i => Article($"c-{i}"))]);

        var report = await Ingestor().IngestAsync(items, Http, CancellationToken.None);

        Assert.Equal(1, calls);
        Assert.Equal(BatchIngestor.StoreChunk + 1, report.Retry);
        Assert.All(report.Results, r => Assert.Equal(503, r.Status));
    }

    [Fact]
    public async Task IngestAsync_StoreRefusesOneArticle_ThatItemIs400()
    {
        _store.Setup(s => s.SaveManyAsync(It.IsAny<IReadOnlyList<Article>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<Article> articles, CancellationToken _) =>
                [.. articles.Select(article => article.Id == "refused"
                    ? BulkSaveResult.Refused(ArticleValidationException.ForField("id", "Taken by a withdrawn article."))
                    : BulkSaveResult.Saved(new SaveOutcome(SaveStatus.Created, new StoredArticle(article, "\"etag\"", article.Published))))]);

        var report = await Ingestor().IngestAsync(Ndjson(Article("fine"), Article("refused")), Http, CancellationToken.None);

        Assert.Equal([201, 400], report.Results.Select(r => r.Status));
        Assert.Equal("refused", report.Results[1].Id);
        Assert.True(report.Results[1].Errors!.ContainsKey("id"));
    }

    [Fact]
    public async Task IngestAsync_StorageDownFromTheStart_NothingStored()
    {
        _store.Setup(s => s.SaveAsync(It.IsAny<Article>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("Table storage did not answer."));

        var report = await Ingestor().IngestAsync(Ndjson(Article("d-1"), Article("d-2")), Http, CancellationToken.None);

        Assert.Equal(0, report.Stored);
        Assert.Equal(2, report.Retry);
        // Both ids may have been tried at once (two in flight); neither is reported stored.
        _store.Verify(s => s.SaveAsync(It.IsAny<Article>(), It.IsAny<CancellationToken>()), Times.AtMost(2));
    }

    [Fact]
    public async Task IngestAsync_HostileNestedMarkdownItems_Each400NamingTheBoundNormalOnesStored()
    {
        var quotes = HostileBodies.NestedMarkdown.Single(shape => shape.Name == "quotes").Build;
        static string Line(string id, string markdown)
            => System.Text.Json.JsonSerializer.Serialize(new { id, title = "T", section = "World", published = "2025-06-01", contentMarkdown = markdown });
        var items = Ndjson(Line("nested", quotes(10_000)), Line("normal-1", HostileBodies.NormalMarkdownBody(10_000)), Line("normal-2", HostileBodies.NormalMarkdownBody(10_000)));

        var report = await Ingestor().IngestAsync(items, Http, CancellationToken.None);

        Assert.Equal(400, report.Results[0].Status);
        Assert.Contains("more than 3 times its own", report.Results[0].Errors!["contentMarkdown"].Single(), StringComparison.Ordinal);
        Assert.Equal("nested", report.Results[0].Id);
        Assert.Equal(["normal-1", "normal-2"], _saved.Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_Results_CountsEachOutcomeOnce()
    {
        BatchItemResult Result(int index, int status, string? outcome) => new(index, null, status, outcome);
        var results = new[]
        {
            Result(0, 201, "created"), Result(1, 200, "updated"), Result(2, 200, "unchanged"), Result(3, 200, "unchanged"),
            Result(4, 400, null), Result(5, 503, null), Result(6, 201, "created"),
        };

        var report = BatchReport.Of(results);

        Assert.Equal((2, 1, 2, 1, 1), (report.Created, report.Updated, report.Unchanged, report.Failed, report.Retry));
        Assert.Equal(5, report.Stored);
        Assert.Same(results, report.Results);
    }
}
