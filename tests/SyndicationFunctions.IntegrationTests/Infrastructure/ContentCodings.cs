using System.IO.Compression;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>Undoes the content codings the app sends (gzip, Brotli), as a client would.</summary>
public static class ContentCodings
{
    public static byte[] Decompress(byte[] bytes, string coding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decompressor = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }
}
