using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Storage.Layout;

namespace SyndicationFunctions.Backup;

/// <summary>
/// Writes the whole store to a stream as <see cref="StoreArchive"/>, while writes go on, a row at a time (memory stays
/// flat). Every write moves the sequencer's state row (read once every write is numbered), so its ETag says whether anything changed: after the full
/// pass, the export writes again every article changed since the previous look (by the rows' server timestamps), until a
/// look finds the row unchanged; then the changes up to that position, and the position itself.
/// </summary>
public sealed partial class StoreExporter(IArticleArchive archive, IArticleStore store, TimeProvider time, ILogger<StoreExporter> logger)
{
    public async Task<ArchiveCounts> ExportAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using var writer = new Utf8JsonWriter(gzip, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var position = await archive.ReadPositionAsync(cancellationToken).ConfigureAwait(false);
        var startSequence = position.Sequence;
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        var scheduled = new HashSet<string>(StringComparer.Ordinal);
        long articles = 0, changes = 0, passes = 1;

        await WriteLineAsync(writer, gzip, w =>
        {
            w.WriteString("type", StoreArchive.Header);
            w.WriteString("format", StoreArchive.Format);
            w.WriteNumber("version", StoreArchive.FormatVersion);
            w.WriteNumber("layout", StoreLayout.CurrentVersion);
            w.WriteString("exportedAt", time.GetUtcNow());
        }, cancellationToken).ConfigureAwait(false);

        DateTimeOffset? since = null;
        while (true)
        {
            await foreach (var record in archive.ReadArchivedArticlesAsync(since, position.Scheduled, cancellationToken).ConfigureAwait(false))
            {
                if (record.State == ArchivedStates.Scheduled)
                {
                    scheduled.Add(record.Id);
                }

                await WriteLineAsync(writer, gzip, w => WriteArticle(w, record), cancellationToken).ConfigureAwait(false);
                articles++;
                if (record.Section is not null)
                {
                    sections[record.Id] = record.Section;
                }
            }

            var next = await archive.ReadPositionAsync(cancellationToken).ConfigureAwait(false);
            var settled = next.ETag == position.ETag;
            since = position.ServerTime ?? DateTimeOffset.UnixEpoch;
            position = next;
            if (settled || passes >= StoreArchive.MaxPasses)
            {
                break;
            }

            passes++;
        }

        // What changed while the passes ran: each such article as its last exported change left it, written after the
        // passes (a later line wins), so the archive agrees with its own change feed even when writes never paused.
        var lastChanges = new Dictionary<string, ArchivedChange>(StringComparer.Ordinal);
        await foreach (var change in archive.ReadArchivedChangesAsync(position.OldestSequence - 1, position.Sequence, cancellationToken).ConfigureAwait(false))
        {
            if (change.Sequence > startSequence)
            {
                lastChanges[change.Id] = change;
                if (change.Article is { } changed)
                {
                    sections[change.Id] = changed.Section.Slug;
                }
            }

            await WriteLineAsync(writer, gzip, w =>
            {
                w.WriteString("type", StoreArchive.Change);
                w.WriteNumber("sequence", change.Sequence);
                w.WriteString("kind", change.Kind);
                w.WriteString("id", change.Id);
                w.WriteString("at", change.At);
                if (change.Article is not null)
                {
                    w.WritePropertyName("article");
                    JsonSerializer.Serialize(w, change.Article, ArticleJson.Options);
                }
            }, cancellationToken).ConfigureAwait(false);
            changes++;
        }

        foreach (var change in lastChanges.Values)
        {
            var record = change.Article is { } article
                ? new ArchivedArticle(change.Id, ArchivedStates.Public, change.At, null, article.Section.Slug, article)
                : new ArchivedArticle(change.Id, ArchivedStates.Withdrawn, null, change.At, sections.GetValueOrDefault(change.Id), null);
            await WriteLineAsync(writer, gzip, w => WriteArticle(w, record), cancellationToken).ConfigureAwait(false);
            articles++;
        }

        // Scheduled articles cancelled while the export ran: the archive must not bring them back.
        foreach (var id in scheduled.Where(id => !position.Scheduled.Contains(id)))
        {
            var lookup = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (lookup.Stored is null && lookup.WithdrawnAt is null)
            {
                await WriteLineAsync(writer, gzip, w =>
                {
                    w.WriteString("type", StoreArchive.Cancelled);
                    w.WriteString("id", id);
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteLineAsync(writer, gzip, w =>
        {
            w.WriteString("type", StoreArchive.End);
            w.WriteNumber("sequence", position.Sequence);
            w.WriteNumber("oldestSequence", position.OldestSequence);
            if (position.OldestChangeAt is { } oldestAt)
            {
                w.WriteString("oldestChangeAt", oldestAt);
            }

            w.WriteStartObject("sections");
            foreach (var (slug, name) in position.SectionNames)
            {
                w.WriteString(slug, name);
            }

            w.WriteEndObject();
            w.WriteStartArray("scheduled");
            foreach (var id in position.Scheduled)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteNumber("articles", articles);
            w.WriteNumber("changes", changes);
        }, cancellationToken).ConfigureAwait(false);

        LogExported(logger, articles, changes, passes, position.Sequence);
        return new ArchiveCounts(articles, changes, passes);
    }

    private static void WriteArticle(Utf8JsonWriter w, ArchivedArticle record)
    {
        w.WriteString("type", StoreArchive.Article);
        w.WriteString("id", record.Id);
        w.WriteString("state", record.State);
        if (record.Section is not null)
        {
            w.WriteString("section", record.Section);
        }

        // Instants to the tick (not the API's whole seconds): the feed rows are keyed by them.
        if (record.ListedAt is { } listedAt)
        {
            w.WriteString("listedAt", listedAt);
        }

        if (record.WithdrawnAt is { } withdrawnAt)
        {
            w.WriteString("withdrawnAt", withdrawnAt);
        }

        if (record.Article is not null)
        {
            w.WritePropertyName("article");
            JsonSerializer.Serialize(w, record.Article, ArticleJson.Options);
        }
    }

    /// <summary>One object, one line.</summary>
    private static async Task WriteLineAsync(Utf8JsonWriter writer, Stream stream, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        writer.Reset();
        stream.WriteByte((byte)'\n');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Articles} articles and {Changes} changes in {Passes} passes, up to change {Sequence}")]
    private static partial void LogExported(ILogger logger, long articles, long changes, long passes, long sequence);
}
