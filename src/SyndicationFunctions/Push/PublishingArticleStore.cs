using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// The one place where a write becomes a push: wraps the article store and, after each write (a re-delivery of
/// unchanged content included, see <see cref="PublishAsync"/>), sends one <see cref="PushChange"/>, hidden until the
/// change is public. One queue message per write, whatever the number of subscribers; the fan-out happens in the
/// queue functions.
/// </summary>
public sealed class PublishingArticleStore(IArticleStore inner, ChangePublisher publisher, TimeProvider time) : IArticleStore
{
    public Task<ArticleLookup> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public async Task<SaveOutcome> SaveAsync(Article article, CancellationToken cancellationToken)
    {
        var outcome = await inner.SaveAsync(article, cancellationToken).ConfigureAwait(false);
        await PublishAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// The inner store's bulk write, then one push per stored article, as <see cref="SaveAsync"/> sends it (a few in
    /// flight). An article whose push cannot be queued is reported not stored, as <see cref="SaveAsync"/> would have
    /// thrown for it, and so is every one not pushed yet: their re-delivery (unchanged) sends the push again.
    /// </summary>
    public async Task<IReadOnlyList<BulkSaveResult>> SaveManyAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var results = (await inner.SaveManyAsync(articles, cancellationToken).ConfigureAwait(false)).ToArray();

        // One push per moment rather than per article: every write public now in one message naming every feed they
        // touch (an import of thousands is a handful of fan-outs), each embargoed one at its own time. Unchanged
        // re-deliveries are pushed too, as a single write's are, so a retry after a queue outage is never lost.
        var now = time.GetUtcNow();
        var moments = results.Select((result, index) => (result, index))
            .Where(x => x.result.Outcome is not null)
            .GroupBy(x => x.result.Outcome!.Stored.ListedAt <= now ? DateTimeOffset.MinValue : x.result.Outcome!.Stored.ListedAt)
            .ToList();
        var queueDown = false;
        foreach (var moment in moments)
        {
            if (!queueDown)
            {
                var outcomes = moment.Select(x => x.result.Outcome!).ToList();
                var sections = outcomes.Select(o => o.Stored.Article.Section.Slug).Distinct(StringComparer.Ordinal).ToList();
                var feeds = outcomes.SelectMany(FeedsTouched).Distinct().ToList();
                try
                {
                    await publisher.PublishAsync(sections.Count == 1 ? sections[0] : null, feeds, outcomes.Max(o => o.Stored.ListedAt), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (StorageUnavailableException)
                {
                    queueDown = true;
                }
            }

            foreach (var (_, index) in moment)
            {
                results[index] = BulkSaveResult.Unavailable;
            }
        }

        return results;
    }

    public async Task<SaveOutcome?> ReplaceAsync(Article article, string? ifMatch, CancellationToken cancellationToken)
    {
        var outcome = await inner.ReplaceAsync(article, ifMatch, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            await PublishAsync(outcome, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public async Task<DeleteOutcome> DeleteAsync(string id, string? ifMatch, CancellationToken cancellationToken)
    {
        // The withdrawal leaves only a tombstone, so the section it leaves is read first (deletes only).
        var before = await inner.FindAsync(id, cancellationToken).ConfigureAwait(false);
        var outcome = await inner.DeleteAsync(id, ifMatch, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (outcome == DeleteOutcome.Withdrawn && before.Stored is { } stored && stored.IsPublicAt(now))
        {
            await publisher.PublishAsync(stored.Article.Section.Slug, FeedsOf(stored.Article), now, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public Task<ArticlePage> ListAsync(string? section, int limit, string? cursor, CancellationToken cancellationToken) => inner.ListAsync(section, limit, cursor, cancellationToken);

    public Task<ArticlePage> ListScheduledAsync(int limit, string? cursor, CancellationToken cancellationToken) => inner.ListScheduledAsync(limit, cursor, cancellationToken);

    public Task<FeedPage?> ReadFeedAsync(FeedScope scope, int limit, string? cursor, TimeSpan horizon, CancellationToken cancellationToken)
        => inner.ReadFeedAsync(scope, limit, cursor, horizon, cancellationToken);

    public Task<StoreStats> GetStatsAsync(int latest, CancellationToken cancellationToken) => inner.GetStatsAsync(latest, cancellationToken);

    public Task<IReadOnlyList<ArticleHeadline>> ListHeadlinesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken)
        => inner.ListHeadlinesAsync(since, until, limit, cancellationToken);

    public Task<ChangePage> ReadChangesAsync(long? afterSequence, int limit, CancellationToken cancellationToken) => inner.ReadChangesAsync(afterSequence, limit, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    /// <summary>
    /// Every write sends its change, an unchanged re-delivery too: the write it repeats may have been stored and then
    /// answered 503 because its message could not be queued, and the publisher's retry is then the only chance left to
    /// push that change. The message carries the same stamp (the article's <see cref="StoredArticle.ListedAt"/>), so
    /// subscribers that already got the change are skipped at delivery and nothing is sent twice.
    /// </summary>
    private Task PublishAsync(SaveOutcome outcome, CancellationToken cancellationToken)
    {
        return publisher.PublishAsync(outcome.Stored.Article.Section.Slug, FeedsTouched(outcome), outcome.Stored.ListedAt, cancellationToken);
    }

    /// <summary>The feeds a write changed: those the article is in now and those it was in (a correction that drops a tag changes that tag's feed too).</summary>
    private static IEnumerable<FeedScope> FeedsTouched(SaveOutcome outcome)
        => FeedsOf(outcome.Stored.Article).Concat(outcome.Previous is { } previous ? FeedsOf(previous) : []);

    /// <summary>The section, tag and author feeds an article is listed in (the every-article feed is always touched).</summary>
    private static IEnumerable<FeedScope> FeedsOf(Article article)
        => [FeedScope.OfSection(article.Section.Slug), .. FeedSlug.TagsOf(article).Select(t => FeedScope.OfTag(t.Slug)), .. FeedSlug.AuthorsOf(article).Select(a => FeedScope.OfAuthor(a.Slug))];
}
