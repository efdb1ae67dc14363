using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Backup;

/// <summary>
/// Reads a <see cref="StoreArchive"/> into an empty store, a line at a time (memory stays flat): articles in their states
/// with their own instants, the change feed as it was, then its position and the section names.
/// </summary>
public sealed partial class StoreImporter(IArticleArchive archive, IArticleStore store, ILogger<StoreImporter> logger)
{
    public async Task<ArchiveCounts> ImportAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!await archive.IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The store is not empty: an archive is imported into an empty storage account (or Azurite).");
        }

        await using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        long articles = 0, changes = 0, lineNumber = 0;
        var header = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString();
            if (!header && type != StoreArchive.Header)
            {
                throw new InvalidDataException("Not a SyndicationFunctions archive: its first line is no header.");
            }

            switch (type)
            {
                case StoreArchive.Header:
                    if (root.GetProperty("format").GetString() != StoreArchive.Format || root.GetProperty("version").GetInt32() > StoreArchive.FormatVersion)
                    {
                        throw new InvalidDataException("Not an archive this release reads (format or version).");
                    }

                    header = true;
                    break;
                case StoreArchive.Article:
                    await archive.RestoreAsync(ReadArticle(root), RestoreMode.Replace, cancellationToken).ConfigureAwait(false);
                    articles++;
                    break;
                case StoreArchive.Change:
                    await archive.RestoreChangeAsync(new ArchivedChange(
                        root.GetProperty("sequence").GetInt64(), root.GetProperty("kind").GetString()!, root.GetProperty("id").GetString()!,
                        root.GetProperty("at").GetDateTimeOffset(), ArticleOf(root)), cancellationToken).ConfigureAwait(false);
                    changes++;
                    break;
                case StoreArchive.Cancelled:
                    await store.DeleteAsync(root.GetProperty("id").GetString()!, null, cancellationToken).ConfigureAwait(false);
                    break;
                case StoreArchive.End:
                    await archive.RestorePositionAsync(ReadPosition(root), cancellationToken).ConfigureAwait(false);
                    LogImported(logger, articles, changes);
                    return new ArchiveCounts(articles, changes, 1);
                default:
                    throw new InvalidDataException($"Line {lineNumber}: unknown type '{type}'.");
            }
        }

        throw new InvalidDataException($"The archive ends after line {lineNumber} without its end line: it is incomplete. What it held is imported; the change-feed position is not.");
    }

    private static ArchivedArticle ReadArticle(JsonElement root) => new(
        root.GetProperty("id").GetString()!,
        root.GetProperty("state").GetString()!,
        root.TryGetProperty("listedAt", out var listedAt) ? listedAt.GetDateTimeOffset() : null,
        root.TryGetProperty("withdrawnAt", out var withdrawnAt) ? withdrawnAt.GetDateTimeOffset() : null,
        root.TryGetProperty("section", out var section) ? section.GetString() : null,
        ArticleOf(root));

    private static Article? ArticleOf(JsonElement root)
        => root.TryGetProperty("article", out var article) ? article.Deserialize<Article>(ArticleJson.Options) : null;

    private static ArchivePosition ReadPosition(JsonElement root) => new(
        null, null,
        root.GetProperty("sequence").GetInt64(),
        root.GetProperty("oldestSequence").GetInt64(),
        root.TryGetProperty("oldestChangeAt", out var oldestAt) ? oldestAt.GetDateTimeOffset() : null,
        root.GetProperty("sections").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
        root.GetProperty("scheduled").EnumerateArray().Select(e => e.GetString()!).ToList());

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Articles} articles and {Changes} changes")]
    private static partial void LogImported(ILogger logger, long articles, long changes);
}
