using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>One body in, one stored article out: the rule both the HTTP and the inbox paths follow.</summary>
public sealed partial class ArticleIngestor(ArticleParser parser, IArticleStore store, ILogger<ArticleIngestor> logger)
{
    public async Task<SaveOutcome> IngestAsync(string body, ArticleFormat format, ArticleSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var article = parser.Parse(body, format, source);
        var outcome = await store.SaveAsync(article, cancellationToken).ConfigureAwait(false);
        LogIngested(logger, article.Id, source.Kind, source.Name, outcome.Status);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {ArticleId} from {Source} {SourceName}: {Status}")]
    private static partial void LogIngested(ILogger logger, string articleId, string source, string? sourceName, SaveStatus status);
}
