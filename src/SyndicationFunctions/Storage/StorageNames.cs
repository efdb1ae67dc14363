namespace SyndicationFunctions.Storage;

/// <summary>
/// The one place that names the storage the app uses. Function attributes, the local host,
/// the tests and the Bicep (checked by a test) all take these.
/// </summary>
public static class StorageNames
{
    /// <summary>
    /// The connection the app and the inbox trigger use: a connection string locally
    /// (<c>ArticleStorage</c>), or <c>ArticleStorage__blobServiceUri</c>,
    /// <c>ArticleStorage__queueServiceUri</c>, <c>ArticleStorage__tableServiceUri</c>,
    /// <c>ArticleStorage__credential</c> and <c>ArticleStorage__clientId</c> in Azure.
    /// </summary>
    public const string Connection = "ArticleStorage";

    public const string InboxContainer = "articles-inbox";
    public const string ArchiveContainer = "articles-archive";
    public const string RejectedContainer = "articles-rejected";

    /// <summary>Article bodies too large for a table entity.</summary>
    public const string ContentContainer = "articles-content";

    /// <summary>Scheduled exports of the whole store (docs/OPERATIONS.md); soft delete on in the Bicep.</summary>
    public const string BackupsContainer = "backups";

    /// <summary>
    /// Articles, listings, counters and changes. Named for this layout (feed order, tombstones, change feed):
    /// the earlier layout's table, <c>articles</c>, is left alone rather than read half-understood.
    /// </summary>
    public const string ArticlesTable = "syndication";

    /// <summary>Every container the app needs, created at start-up locally and by the Bicep in Azure.</summary>
    public static IReadOnlyList<string> Containers { get; } = [InboxContainer, ArchiveContainer, RejectedContainer, ContentContainer, BackupsContainer];

    public static IReadOnlyList<string> Tables { get; } = [ArticlesTable];
}
