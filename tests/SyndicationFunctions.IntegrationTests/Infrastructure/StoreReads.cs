using SyndicationFunctions.Storage;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

internal static class StoreReads
{
    /// <summary>The stored article (public or scheduled), or null when there is none or it was withdrawn.</summary>
    public static async Task<StoredArticle?> GetAsync(this IArticleStore store, string id, CancellationToken cancellationToken)
        => (await store.FindAsync(id, cancellationToken)).Stored;
}
