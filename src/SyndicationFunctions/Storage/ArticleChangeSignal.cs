namespace SyndicationFunctions.Storage;

/// <summary>
/// Counts the writes this instance has made, so what was rendered from storage can tell it is out of date
/// without asking storage again. Other instances' writes are not seen here: caches keyed on it expire on time too.
/// </summary>
public sealed class ArticleChangeSignal
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Changed() => Interlocked.Increment(ref _version);
}
