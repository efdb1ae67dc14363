using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// One body in, one stored article out: the rule both the HTTP and the inbox paths follow. The work is two steps,
/// <see cref="Prepare"/> (read, validate, normalise, sanitise: CPU only) and the store's save, so a batch can prepare
/// all its items first and store them together.
/// </summary>
public sealed partial class ArticleIngestor(ArticleParser parser, IArticleStore store, ILogger<ArticleIngestor> logger)
{
    public async Task<SaveOutcome> IngestAsync(string body, ArticleFormat format, ArticleSource source, CancellationToken cancellationToken)
    {
        var article = Prepare(body, format, source);
        var outcome = await store.SaveAsync(article, cancellationToken).ConfigureAwait(false);
        LogIngested(logger, article.Id, source.Kind, source.Name, outcome.Status);
        return outcome;
    }

    /// <summary>The article a body stands for, ready to store; throws <see cref="ArticleValidationException"/> when it is not valid.</summary>
    public Article Prepare(string body, ArticleFormat format, ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return parser.Parse(body, format, source);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {ArticleId} from {Source} {SourceName}: {Status}")]
    private static partial void LogIngested(ILogger logger, string articleId, string source, string? sourceName, SaveStatus status);
}
