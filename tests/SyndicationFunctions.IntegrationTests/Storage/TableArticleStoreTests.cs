using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Storage;

public sealed class TableArticleStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Day = new(2025, 5, 13, 8, 0, 0, TimeSpan.Zero);
    private StorageClients _clients = null!;
    private TableArticleStore _store = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = azurite.ConnectionString })
            .Build();
        _clients = new StorageClients(configuration);
        await StorageServices.EnsureCreatedAsync(_clients, CancellationToken.None);
        _store = NewStore(_clients);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store as the app builds one; two of them stand for two instances of the app.</summary>
    internal static TableArticleStore NewStore(StorageClients clients, TimeProvider? time = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SyndicationOptions());
        return new TableArticleStore(clients, new ArticleChangeSignal(), new SyndicationFunctions.Articles.SectionNames(options), options, time ?? TimeProvider.System, NullLogger<TableArticleStore>.Instance);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task SaveAsync_NewThenSameThenChanged_CreatedUnchangedUpdated()
    {
        var section = TestArticles.Unique("sec");
        var article = TestArticles.Create(TestArticles.Unique("a"), section, Day);

        var created = await _store.SaveAsync(article, default);
        var again = await _store.SaveAsync(article with { Updated = Day.AddHours(5), Source = new("blob", "x.json") }, default);
        var changed = await _store.SaveAsync(article with { Title = "A corrected title" }, default);

        Assert.Equal(SaveStatus.Created, created.Status);
        Assert.Equal(SaveStatus.Unchanged, again.Status);
        Assert.Equal(created.Stored.ETag, again.Stored.ETag);
        Assert.Equal(SaveStatus.Updated, changed.Status);
        Assert.NotEqual(created.Stored.ETag, changed.Stored.ETag);
        Assert.True(changed.Stored.Article.Updated > article.Updated);

        var read = await _store.GetAsync(article.Id, default);
        Assert.Equal("A corrected title", read!.Article.Title);
        Assert.Equal(changed.Stored.ETag, read.ETag);
        var page = await _store.ListAsync(section, 10, null, default);
        var only = Assert.Single(page!.Items);
        Assert.Equal("A corrected title", only.Title);
    }

    [Fact]
    public async Task SaveAsync_SubSecondDatesThenSectionAndDateMove_UpdatedNotStuck()
    {
        // Dates with fractions of a second: the row keys must be derived from what is stored (whole seconds).
        var first = TestArticles.Create(TestArticles.Unique("frac"), TestArticles.Unique("one"), Day.AddTicks(1_234_567));
        await _store.SaveAsync(first, default);

        var moved = await _store.SaveAsync(first with { Section = new(TestArticles.Unique("two"), "TWO"), Published = Day.AddSeconds(3).AddTicks(7_654_321) }, default);

        Assert.Equal(SaveStatus.Updated, moved.Status);
        Assert.Equal(Day.AddSeconds(3), moved.Stored.Article.Published);
        Assert.Empty((await _store.ListAsync(first.Section.Slug, 10, null, default))!.Items);
        Assert.Single((await _store.ListAsync(moved.Stored.Article.Section.Slug, 10, null, default))!.Items);
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst_WithCursorAndNoDuplicates()
    {
        var section = TestArticles.Unique("sec");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var article = TestArticles.Create($"{section}-{i}", section, Day.AddHours(i));
            ids.Add(article.Id);
            await _store.SaveAsync(article, default);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.ListAsync(section, 3, cursor, default);
            seen.AddRange(page!.Items.Select(a => a.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task ListAsync_UnknownSectionOrForeignCursor_NullOrRejected()
    {
        Assert.Empty((await _store.ListAsync(TestArticles.Unique("nope"), 5, null, default)).Items);
        Assert.Null(await _store.ReadFeedAsync(FeedScope.OfSection(TestArticles.Unique("nope")), 5, null, TimeSpan.Zero, default));
        await Assert.ThrowsAsync<SyndicationFunctions.Articles.ArticleValidationException>(() => _store.ListAsync(null, 5, ListingCursor.Encode("id|x"), default));
        await Assert.ThrowsAsync<SyndicationFunctions.Articles.ArticleValidationException>(() => _store.ListAsync(null, 5, "not a cursor!", default));
    }

    [Fact]
    public async Task SaveAsync_SectionAndDateChanges_MoveListingsAndCounters()
    {
        var from = TestArticles.Unique("from");
        var to = TestArticles.Unique("to");
        var stays = TestArticles.Create(TestArticles.Unique("stays"), from, Day);
        var moves = TestArticles.Create(TestArticles.Unique("moves"), from, Day.AddDays(1));
        await _store.SaveAsync(stays, default);
        await _store.SaveAsync(moves, default);

        await _store.SaveAsync(moves with { Section = new(to, "TO"), Published = Day.AddDays(-3) }, default);

        var fromPage = await _store.ListAsync(from, 10, null, default);
        var toPage = await _store.ListAsync(to, 10, null, default);
        Assert.Equal([stays.Id], fromPage!.Items.Select(a => a.Id));
        Assert.Equal([moves.Id], toPage!.Items.Select(a => a.Id));
        var stats = await _store.GetStatsAsync(10, default);
        var fromStats = Assert.Single(stats.Sections, s => s.Slug == from);
        var toStats = Assert.Single(stats.Sections, s => s.Slug == to);
        Assert.Equal((1, Day), (fromStats.ArticleCount, fromStats.LatestPublished!.Value));
        Assert.Equal((1, Day.AddDays(-3)), (toStats.ArticleCount, toStats.LatestPublished!.Value));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentWritersOnTwoInstances_EveryArticleCounted()
    {
        // Two stores stand for two instances of the app: they race on the counters rows and must both win in the end.
        using var other = NewStore(_clients);
        var section = TestArticles.Unique("busy");
        var before = (await _store.GetStatsAsync(1, default)).TotalArticles;

        var articles = Enumerable.Range(0, 12).Select(i => TestArticles.Create($"{section}-{i}", section, Day.AddMinutes(i))).ToList();
        var outcomes = await Task.WhenAll(articles.Select((a, i) => (i % 2 == 0 ? _store : other).SaveAsync(a, default)));

        Assert.All(outcomes, o => Assert.Equal(SaveStatus.Created, o.Status));
        var stats = await _store.GetStatsAsync(1, default);
        Assert.Equal(before + 12, stats.TotalArticles);
        Assert.Equal(12, Assert.Single(stats.Sections, s => s.Slug == section).ArticleCount);
        Assert.Equal(12, (await _store.ListAsync(section, 100, null, default))!.Items.Count);
    }

    [Fact]
    public async Task SaveAsync_ConcurrentUpdatesOfOneArticle_OneRowPerListing()
    {
        var section = TestArticles.Unique("race");
        var article = TestArticles.Create(TestArticles.Unique("r"), section, Day);
        await _store.SaveAsync(article, default);

        using var other = NewStore(_clients);
        await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            (i % 2 == 0 ? _store : other).SaveAsync(article with { Title = $"Version {i}", Published = Day.AddHours(i) }, default)));

        var page = await _store.ListAsync(section, 10, null, default);
        var listed = Assert.Single(page!.Items);
        var stored = await _store.GetAsync(article.Id, default);
        Assert.Equal(stored!.Article.Title, listed.Title);
        Assert.Equal(stored.Article.Published, listed.Published);
        Assert.Equal(1, Assert.Single((await _store.GetStatsAsync(1, default)).Sections, s => s.Slug == section).ArticleCount);
    }

    [Fact]
    public async Task SaveAsync_ArticleLargerThanAnEntity_StoredWholeAndListed()
    {
        // Random text barely compresses: far more than Table Storage's 1 MiB entity limit once tripled in a listing.
        var noise = Convert.ToBase64String(RandomNumberGenerator.GetBytes(900_000));
        var section = TestArticles.Unique("big");
        var article = TestArticles.Create(TestArticles.Unique("big"), section, Day, contentHtml: $"<p>{noise}</p>");

        var outcome = await _store.SaveAsync(article, default);

        Assert.Equal(SaveStatus.Created, outcome.Status);
        Assert.Equal(article.ContentHtml, (await _store.GetAsync(article.Id, default))!.Article.ContentHtml);
        Assert.Equal(article.ContentHtml, Assert.Single((await _store.ListAsync(section, 5, null, default))!.Items).ContentHtml);
    }

    [Fact]
    public async Task ListAsync_ChangeInOneSection_OtherSectionVersionUnchanged()
    {
        var quiet = TestArticles.Unique("quiet");
        var busy = TestArticles.Unique("busy");
        await _store.SaveAsync(TestArticles.Create(TestArticles.Unique("q"), quiet, Day), default);
        await _store.SaveAsync(TestArticles.Create(TestArticles.Unique("b"), busy, Day), default);
        var quietBefore = (await _store.ReadFeedAsync(FeedScope.OfSection(quiet), 20, null, TimeSpan.Zero, default))!.Version;
        var busyBefore = (await _store.ReadFeedAsync(FeedScope.OfSection(busy), 20, null, TimeSpan.Zero, default))!.Version;
        var allBefore = (await _store.ReadFeedAsync(FeedScope.Every, 20, null, TimeSpan.Zero, default))!.Version;

        await _store.SaveAsync(TestArticles.Create(TestArticles.Unique("b2"), busy, Day.AddHours(1)), default);

        Assert.Equal(quietBefore, (await _store.ReadFeedAsync(FeedScope.OfSection(quiet), 20, null, TimeSpan.Zero, default))!.Version);
        Assert.NotEqual(busyBefore, (await _store.ReadFeedAsync(FeedScope.OfSection(busy), 20, null, TimeSpan.Zero, default))!.Version);
        Assert.NotEqual(allBefore, (await _store.ReadFeedAsync(FeedScope.Every, 20, null, TimeSpan.Zero, default))!.Version);
    }

    [Fact]
    public async Task ReplaceAsync_IfMatchCurrentOrStaleOrMissing_ReplacedOrRefused()
    {
        var article = TestArticles.Create(TestArticles.Unique("put"), TestArticles.Unique("sec"), Day);
        var created = await _store.SaveAsync(article, default);

        var replaced = await _store.ReplaceAsync(article with { Title = "Replaced" }, created.Stored.ETag, default);
        var stale = await Assert.ThrowsAsync<PreconditionFailedException>(() => _store.ReplaceAsync(article with { Title = "Lost update" }, created.Stored.ETag, default));
        var missing = await _store.ReplaceAsync(TestArticles.Create(TestArticles.Unique("ghost"), "sec", Day), null, default);

        Assert.Equal(SaveStatus.Updated, replaced!.Status);
        Assert.Equal(replaced.Stored.ETag, stale.CurrentETag);
        Assert.Null(missing);
        Assert.Equal("Replaced", (await _store.GetAsync(article.Id, default))!.Article.Title);
    }

    [Fact]
    public async Task DeleteAsync_Article_GoneFromListingsAndCountersFallBack()
    {
        var section = TestArticles.Unique("del");
        var older = TestArticles.Create(TestArticles.Unique("older"), section, Day);
        var newer = TestArticles.Create(TestArticles.Unique("newer"), section, Day.AddDays(2));
        await _store.SaveAsync(older, default);
        var stored = await _store.SaveAsync(newer, default);
        var totalBefore = (await _store.GetStatsAsync(1, default)).TotalArticles;

        await Assert.ThrowsAsync<PreconditionFailedException>(() => _store.DeleteAsync(newer.Id, "\"not-it\"", default));
        var deleted = await _store.DeleteAsync(newer.Id, stored.Stored.ETag, default);
        var again = await _store.DeleteAsync(newer.Id, null, default);

        Assert.Equal(DeleteOutcome.Withdrawn, deleted);
        Assert.Equal(DeleteOutcome.AlreadyWithdrawn, again);
        Assert.Null(await _store.GetAsync(newer.Id, default));
        Assert.Equal([older.Id], (await _store.ListAsync(section, 10, null, default))!.Items.Select(a => a.Id));
        Assert.DoesNotContain((await _store.ListAsync(null, 100, null, default))!.Items, a => a.Id == newer.Id);
        var stats = await _store.GetStatsAsync(1, default);
        Assert.Equal(totalBefore - 1, stats.TotalArticles);
        var sectionStats = Assert.Single(stats.Sections, s => s.Slug == section);
        Assert.Equal((1, Day), (sectionStats.ArticleCount, sectionStats.LatestPublished!.Value));

        await _store.DeleteAsync(older.Id, null, default);
        Assert.DoesNotContain((await _store.GetStatsAsync(1, default)).Sections, s => s.Slug == section);
        Assert.Empty((await _store.ListAsync(section, 10, null, default))!.Items);
    }
}
