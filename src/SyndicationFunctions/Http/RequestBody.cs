using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Http;

/// <summary>Reads a request body as text without ever holding more than the limit plus one byte.</summary>
public static class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw new BodyTooLargeException(maxBytes);
        }

        var encoding = EncodingOf(request.ContentType);
        var buffer = new byte[Math.Min(maxBytes + 1, (int?)request.ContentLength + 1 ?? 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    throw new BodyTooLargeException(maxBytes);
                }

                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > maxBytes)
            {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        return Decode(buffer.AsSpan(0, length), encoding);
    }

    /// <summary>Decodes bytes strictly: a body that is not valid in its charset is a client error, not mojibake.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        // A byte-order mark is not content (editors on Windows add one to UTF-8 files).
        ReadOnlySpan<byte> preamble = encoding is UTF8Encoding ? [0xEF, 0xBB, 0xBF] : encoding.Preamble;
        if (!preamble.IsEmpty && bytes.StartsWith(preamble))
        {
            bytes = bytes[preamble.Length..];
        }

        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new Articles.ArticleValidationException($"The body is not valid {encoding.WebName}: {ex.Message}");
        }
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 unless the Content-Type names another charset .NET knows.</summary>
    public static Encoding EncodingOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.Charset.HasValue)
        {
            return StrictUtf8;
        }

        var charset = parsed.Charset.Value!.Trim('"');
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return StrictUtf8;
        }

        try
        {
            return Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw new UnsupportedMediaTypeException(contentType);
        }
    }
}

public sealed class BodyTooLargeException(int limit) : Exception($"The body is over {limit} bytes.")
{
    public int Limit { get; } = limit;
}

public sealed class UnsupportedMediaTypeException(string? contentType) : Exception($"Unsupported content type '{contentType}'.")
{
    public string? ContentType { get; } = contentType;
}
