namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Bounds on an <c>.ndjson</c> inbox file, which is read as a stream (never whole) and stored in chunks. Any other
/// inbox file is one article and is bounded by <see cref="SyndicationOptions.MaxBodyBytes"/>, as is each line here.
/// </summary>
public static class InboxLimits
{
    /// <summary>
    /// The largest <c>.ndjson</c> file: an archive slice of tens of thousands of articles, read within the function
    /// timeout (5 minutes in host.json). Larger is rejected whole before any line is read: split it.
    /// </summary>
    public const long MaxFileBytes = 128L * 1024 * 1024;

    /// <summary>
    /// The most articles one <c>.ndjson</c> file holds. The lines past it are not read: the file is rejected with a
    /// report saying how many lines before it were stored (they stay stored, and come back unchanged when the split
    /// files are dropped). It also bounds what the report of a file whose every line fails holds in memory.
    /// </summary>
    public const int MaxFileLines = 25_000;

    /// <summary>Lines read, prepared and stored together: one <see cref="Storage.IArticleStore.SaveManyAsync"/> call.</summary>
    public const int ChunkLines = BatchIngestor.StoreChunk;

    /// <summary>Bytes of lines held at once at most, whatever their number: long articles make shorter chunks.</summary>
    public const int ChunkBytes = 8 * 1024 * 1024;
}
