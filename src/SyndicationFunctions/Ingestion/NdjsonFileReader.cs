using System.Runtime.CompilerServices;
using System.Text;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Reads an NDJSON stream as chunks of batch items without ever holding more than one chunk: lines are split on the
/// <c>\n</c> byte (a <c>\r</c> before it belongs to the separator) and decoded one at a time, so a line that is too
/// long or not valid in the charset is reported on that line alone, and the stream is read once, in order.
/// </summary>
public static class NdjsonFileReader
{
    /// <summary>Throws <see cref="ArticleValidationException"/> when <paramref name="encoding"/> cannot be split on bytes (UTF-16, UTF-32).</summary>
    public static void EnsureSplittable(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (encoding.GetByteCount("\n") != 1 || encoding.GetBytes("\n")[0] != (byte)'\n')
        {
            throw new ArticleValidationException(
                $"An .ndjson file is UTF-8 (or a charset that writes a line feed as one byte), not {encoding.WebName}.");
        }
    }

    /// <param name="maxLineBytes">A longer line is reported invalid (and skipped without being held).</param>
    /// <param name="chunkLines">Items per chunk at most.</param>
    /// <param name="chunkBytes">Bytes of line text per chunk at most (a single longer line is a chunk of its own).</param>
    public static async IAsyncEnumerable<IReadOnlyList<BatchItem>> ReadChunksAsync(
        Stream stream, Encoding encoding, int maxLineBytes, int chunkLines, int chunkBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureSplittable(encoding);
        var buffer = new byte[64 * 1024];
        using var line = new MemoryStream();
        var tooLong = false;
        var number = 0;
        var index = 0;
        var chunk = new List<BatchItem>();
        var held = 0L;

        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (!tooLong && line.Length + (end - start) > maxLineBytes + 1)
                {
                    // One byte over is kept for the \r a line at the limit may end with; more is dropped as it comes.
                    tooLong = true;
                    line.SetLength(0);
                }

                if (!tooLong)
                    line.Write(buffer, start, end - start);
                if (newline < 0)
                    break;

                start = newline + 1;
                number++;
                if (Complete(line, tooLong, number, index, encoding, maxLineBytes) is { } item)
                {
                    chunk.Add(item);
                    index++;
                    held += line.Length;
                }

                line.SetLength(0);
                tooLong = false;
                if (chunk.Count >= chunkLines || held >= chunkBytes)
                {
                    yield return chunk;
                    chunk = [];
                    held = 0;
                }
            }
        }

        // The last line needs no line feed after it.
        if (line.Length > 0 || tooLong)
        {
            number++;
            if (Complete(line, tooLong, number, index, encoding, maxLineBytes) is { } item)
                chunk.Add(item);
        }

        if (chunk.Count > 0)
            yield return chunk;
    }

    /// <summary>The item a finished line holds; null for a blank line, which is no item (as in a batch body).</summary>
    private static BatchItem? Complete(MemoryStream line, bool tooLong, int number, int index, Encoding encoding, int maxLineBytes)
    {
        if (tooLong)
            return BatchItem.Unreadable(index, number, $"Line {number} is longer than {maxLineBytes} bytes, the most one article may take.");

        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (number == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
            bytes = bytes[..^1];
        if (bytes.Length > maxLineBytes)
            return BatchItem.Unreadable(index, number, $"Line {number} is longer than {maxLineBytes} bytes, the most one article may take.");

        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return BatchItem.Unreadable(index, number, $"Line {number} is not valid {encoding.WebName}.");
        }

        return string.IsNullOrWhiteSpace(text) ? null : BatchReader.ReadLine(index, number, text);
    }
}
