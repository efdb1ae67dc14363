using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// <see cref="IArticleStore.SaveManyAsync"/> for a store that writes one article per call: articles with distinct ids
/// go concurrently, a few at a time, and the articles sharing an id strictly one after another in the order given, so
/// the later one is an update of the earlier and wins.
/// </summary>
public static class BulkSave
{
    /// <summary>Writes in flight at once: enough to hide storage round trips, few enough not to swamp one partition.</summary>
    public const int ArticlesInFlight = 8;

    public static async Task<IReadOnlyList<BulkSaveResult>> OneByOneAsync(IArticleStore store, IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(articles);
        var results = new BulkSaveResult[articles.Count];

        // One lane per id, in the order the ids first appear; each lane runs its articles in order.
        var lanes = articles
            .Select((article, index) => (article, index))
            .GroupBy(entry => entry.article.Id, StringComparer.Ordinal)
            .ToList();

        // Set once storage fails: nothing not yet started is tried any more.
        var unavailable = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = ArticlesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(lanes, options, async (lane, token) =>
        {
            foreach (var (article, index) in lane)
            {
                if (Volatile.Read(ref unavailable) != 0)
                {
                    results[index] = BulkSaveResult.Unavailable;
                    continue;
                }

                try
                {
                    results[index] = BulkSaveResult.Saved(await store.SaveAsync(article, token).ConfigureAwait(false));
                }
                catch (ArticleValidationException ex)
                {
                    results[index] = BulkSaveResult.Refused(ex);
                }
                catch (StorageUnavailableException)
                {
                    Volatile.Write(ref unavailable, 1);
                    results[index] = BulkSaveResult.Unavailable;
                }
            }
        }).ConfigureAwait(false);
        return results;
    }
}
