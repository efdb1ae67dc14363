using System.Collections.Concurrent;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Tests.Ingestion;

namespace SyndicationFunctions.Tests.Storage;

/// <summary>The default bulk write: one SaveAsync per article, ids in parallel, a repeated id in order.</summary>
public sealed class BulkSaveTests
{
    private static readonly ArticleParser Parser = new(new FixedClock());

    private static Article Article(string id, string title = "A title")
        => Parser.Parse($$"""{"id":"{{id}}","title":"{{title}}","contentText":"Body.","section":"World","published":"2025-06-01"}""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http));

    private static SaveOutcome Outcome(Article article, SaveStatus status) => new(status, new StoredArticle(article, "\"etag\"", article.Published));

    [Fact]
    public async Task OneByOneAsync_RepeatedId_SavedInTheOrderGivenWhileOtherIdsGoOn()
    {
        var saved = new ConcurrentQueue<string>();
        var store = new FakeStore(async article =>
        {
            // The first save of "same" is slow: a later one overtaking it would be caught by the order below.
            if (article.Title == "First")
                await Task.Delay(100);
            var status = saved.Any(title => title.StartsWith(article.Id + ":", StringComparison.Ordinal)) ? SaveStatus.Updated : SaveStatus.Created;
            saved.Enqueue($"{article.Id}:{article.Title}");
            return Outcome(article, status);
        });
        var articles = new[] { Article("same", "First"), Article("other"), Article("same", "Second"), Article("same", "Third") };

        var results = await BulkSave.OneByOneAsync(store, articles, CancellationToken.None);

        Assert.Equal(["same:First", "same:Second", "same:Third"], saved.Where(s => s.StartsWith("same:", StringComparison.Ordinal)));
        // The other id did not wait behind the slow one.
        Assert.Equal("other:A title", saved.First());
        Assert.Equal([SaveStatus.Created, SaveStatus.Created, SaveStatus.Updated, SaveStatus.Updated], results.Select(r => r.Outcome!.Status));
    }

    [Fact]
    public async Task OneByOneAsync_InvalidArticle_OnlyThatOneRefused()
    {
        var store = new FakeStore(article => article.Id == "bad"
            ? throw ArticleValidationException.ForField("id", "No.")
            : Task.FromResult(Outcome(article, SaveStatus.Created)));

        var results = await BulkSave.OneByOneAsync(store, [Article("good-1"), Article("bad"), Article("good-2")], CancellationToken.None);

        Assert.NotNull(results[0].Outcome);
        Assert.Equal("No.", results[1].Invalid!.Errors["id"].Single());
        Assert.False(results[1].NotStored);
        Assert.NotNull(results[2].Outcome);
    }

    [Fact]
    public async Task OneByOneAsync_StorageFails_ThatArticleAndEveryOneNotStartedAreNotStored()
    {
        var gate = new TaskCompletionSource();
        var started = new ConcurrentBag<string>();
        var store = new FakeStore(async article =>
        {
            started.Add(article.Id);
            if (article.Id == "a-0")
            {
                // The articles already in flight finish once the failure is known.
                _ = Task.Delay(200).ContinueWith(_ => gate.SetResult(), TaskScheduler.Default);
                throw new StorageUnavailableException("Table storage did not answer.");
            }

            await gate.Task;
            return Outcome(article, SaveStatus.Created);
        });
        var articles = Enumerable.Range(0, 40).Select(i => Article($"a-{i}")).ToList();

        var results = await BulkSave.OneByOneAsync(store, articles, CancellationToken.None);

        Assert.True(results[0].NotStored);
        Assert.InRange(started.Count, 1, BulkSave.ArticlesInFlight);
        for (var i = 1; i < articles.Count; i++)
        {
            // Stored exactly when it was started before the failure; never started means reported not stored.
            Assert.Equal(started.Contains(articles[i].Id), results[i].Outcome is not null);
            Assert.Equal(!started.Contains(articles[i].Id), results[i].NotStored);
        }
    }

    private sealed class FakeStore(Func<Article, Task<SaveOutcome>> save) : IArticleStore
    {
        public Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken) => save(article);

        public Task<ArticleLookup> FindAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DeleteOutcome> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ArticlePage> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ArticlePage> ListScheduledAsync(int limit, string? cursor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FeedPage?> ReadFeedAsync(FeedScope scope, int limit, string? cursor, TimeSpan horizon, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ArticleHeadline>> ListHeadlinesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ChangePage> ReadChangesAsync(long? afterSequence, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
