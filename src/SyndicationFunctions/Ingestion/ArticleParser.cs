using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Turns one body in a known format into a normalised, cleaned <see cref="Article"/>.
/// Throws <see cref="ArticleValidationException"/> for anything it cannot read.
/// </summary>
public sealed class ArticleParser(TimeProvider time)
{
    public Article Parse(string body, ArticleFormat format, ArticleSource source)
        => throw new NotImplementedException($"{format} from {source.Kind} at {time.GetUtcNow()}: {body.Length}");
}
