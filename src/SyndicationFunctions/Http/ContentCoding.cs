using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Http;

/// <summary>A content coding a response may be sent in (RFC 9110 section 8.4).</summary>
public enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}

/// <summary>Choosing a coding from <c>Accept-Encoding</c> (with its q-values) and producing it.</summary>
public static class ContentCodings
{
    /// <summary>Bodies smaller than this are sent as they are: compressing them saves less than the headers cost.</summary>
    public const int MinimumBytes = 1024;

    private const int BrotliQuality = 9;
    private const int BrotliWindow = 22;

    /// <summary>The best coding the client accepts: Brotli over gzip at equal weight, identity when it asks for neither.</summary>
    public static ContentCoding Choose(HttpRequest request, int bodyLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (bodyLength < MinimumBytes || !StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var offered))
        {
            return ContentCoding.Identity;
        }

        double QualityOf(string coding)
        {
            var named = offered.Where(o => o.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)).Select(o => o.Quality ?? 1.0).ToList();
            if (named.Count > 0)
            {
                return named.Max();
            }

            return offered.Where(o => o.Value == "*").Select(o => o.Quality ?? 1.0).DefaultIfEmpty(0).Max();
        }

        var brotli = QualityOf("br");
        var gzip = Math.Max(QualityOf("gzip"), QualityOf("x-gzip"));
        if (brotli <= 0 && gzip <= 0)
        {
            return ContentCoding.Identity;
        }

        return brotli >= gzip ? ContentCoding.Brotli : ContentCoding.Gzip;
    }

    /// <summary>The <c>Content-Encoding</c> token, or null for identity.</summary>
    public static string? HeaderValue(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => "gzip",
        ContentCoding.Brotli => "br",
        _ => null,
    };

    /// <summary>What a representation's entity tag is suffixed with, so each coding has its own validator.</summary>
    public static string TagSuffix(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => "-gzip",
        ContentCoding.Brotli => "-br",
        _ => "",
    };

    /// <summary>
    /// An If-Match list with each entity tag's coding suffix taken off, so a client that read a compressed copy can
    /// still name the version it read (the Apache mod_deflate problem): <c>"abc-gzip"</c> becomes <c>"abc"</c>.
    /// </summary>
    public static string WithoutTagSuffixes(string ifMatch)
    {
        ArgumentNullException.ThrowIfNull(ifMatch);
        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join(", ", tags.Select(tag =>
        {
            foreach (var suffix in new[] { TagSuffix(ContentCoding.Gzip), TagSuffix(ContentCoding.Brotli) })
            {
                if (tag.EndsWith(suffix + "\"", StringComparison.Ordinal))
                {
                    return tag[..^(suffix.Length + 1)] + "\"";
                }
            }

            return tag;
        }));
    }

    public static byte[] Encode(byte[] body, ContentCoding coding)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (coding == ContentCoding.Identity)
        {
            return body;
        }

        if (coding == ContentCoding.Brotli)
        {
            // Quality 9 of 11: much smaller than the stream default (4), and paid once per render, not per request.
            var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
            return BrotliEncoder.TryCompress(body, buffer, out var written, BrotliQuality, BrotliWindow)
                ? buffer.AsSpan(0, written).ToArray()
                : throw new InvalidOperationException("Brotli compression failed.");
        }

        using var output = new MemoryStream(body.Length / 4);
        using (var compressor = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }
}
