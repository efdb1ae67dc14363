using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Packs an article into table properties within Table Storage's limits (64 KiB a property,
/// 1 MiB an entity, 255 properties): the article's JSON, gzip-compressed when large, split into
/// binary chunks. What still does not fit goes to a blob and the entity keeps its name.
/// </summary>
public static class ArticleEntityCodec
{
    public const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Five chunks: an article is written six times in one transaction (its row, two publication-order rows,
    /// two feed rows and its change), and a transaction carries at most 4 MiB on the wire, where binary grows
    /// by a third in base64 (6 x 320 KiB x 4/3 = 2.5 MiB, leaving room for the counters and keys).
    /// </summary>
    public const int MaxInlineBytes = 5 * ChunkBytes;

    /// <summary>Below this the JSON is stored as is: compression costs more than it saves on small articles.</summary>
    private const int CompressAbove = 16 * 1024;

    private const string EncodingProperty = "Encoding";
    private const string ChunkCountProperty = "Chunks";
    private const string ChunkPrefix = "Body";
    private const string BlobProperty = "BodyBlob";
    public const string FingerprintProperty = "Fingerprint";

    /// <summary>The encoded body of an article: inline bytes, or a blob to write first.</summary>
    public sealed record EncodedBody(string Encoding, byte[] Bytes, string? BlobName);

    public static EncodedBody Encode(Article article, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(article);
        var json = JsonSerializer.SerializeToUtf8Bytes(article, ArticleJson.Options);
        if (json.Length <= CompressAbove)
        {
            return new EncodedBody("json", json, null);
        }

        var compressed = Compress(json);
        var blobName = compressed.Length > MaxInlineBytes ? $"{article.Id}/{fingerprint}.json.gz" : null;
        return new EncodedBody("json+gzip", compressed, blobName);
    }

    /// <summary>Writes the body properties (and the fingerprint and a few readable columns) onto an entity.</summary>
    public static void Write(TableEntity entity, Article article, string fingerprint, EncodedBody body)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(body);
        entity["ArticleId"] = article.Id;
        entity["Title"] = Truncate(article.Title, 1000);
        entity["Published"] = article.Published;
        entity["Updated"] = article.Updated;
        entity["Language"] = article.Language;
        entity["Section"] = article.Section.Slug;
        entity[FingerprintProperty] = fingerprint;
        entity[EncodingProperty] = body.Encoding;
        if (body.BlobName is not null)
        {
            entity[BlobProperty] = body.BlobName;
            entity[ChunkCountProperty] = 0;
            return;
        }

        var chunks = (body.Bytes.Length + ChunkBytes - 1) / ChunkBytes;
        entity[ChunkCountProperty] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkBytes;
            entity[ChunkPrefix + i] = body.Bytes.AsSpan(start, Math.Min(ChunkBytes, body.Bytes.Length - start)).ToArray();
        }
    }

    public static string? BlobName(TableEntity entity) => entity?.GetString(BlobProperty);

    /// <summary>Reads an article back, downloading its body from <paramref name="content"/> when it lives in a blob.</summary>
    public static async Task<Article> ReadAsync(TableEntity entity, BlobContainerClient content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (BlobName(entity) is not { } blob)
        {
            return Read(entity);
        }

        var download = await content.GetBlobClient(blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return Read(entity, download.Value.Content.ToArray());
    }

    /// <summary>Reads an article back; <paramref name="blobBytes"/> is the blob's content when the body lives in one.</summary>
    public static Article Read(TableEntity entity, byte[]? blobBytes = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        byte[] bytes;
        if (blobBytes is not null)
        {
            bytes = blobBytes;
        }
        else
        {
            var chunks = entity.GetInt32(ChunkCountProperty) ?? 0;
            using var buffer = new MemoryStream();
            for (var i = 0; i < chunks; i++)
            {
                buffer.Write(entity.GetBinary(ChunkPrefix + i));
            }

            bytes = buffer.ToArray();
        }

        if (entity.GetString(EncodingProperty) == "json+gzip")
        {
            bytes = Decompress(bytes);
        }

        return JsonSerializer.Deserialize<Article>(bytes, ArticleJson.Options)
            ?? throw new InvalidDataException($"Row {entity.RowKey} holds no article.");
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
