using System.Text;
using Microsoft.AspNetCore.Http;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Tests.Http;

public sealed class RequestBodyTests
{
    private static HttpRequest Request(byte[] body, string? contentType = "text/plain; charset=utf-8", long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    [Fact]
    public async Task ReadTextAsync_WithinLimit_DecodesUtf8AndDropsBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Türkiye")).ToArray();

        var text = await RequestBody.ReadTextAsync(Request(bytes), 1024, default);

        Assert.Equal("Türkiye", text);
    }

    [Fact]
    public async Task ReadTextAsync_DeclaredLengthOverLimit_TooLargeWithoutReading()
    {
        var body = new ThrowingStream();
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = 2_000_000;

        await Assert.ThrowsAsync<BodyTooLargeException>(() => RequestBody.ReadTextAsync(context.Request, 1024 * 1024, default));
    }

    [Fact]
    public async Task ReadTextAsync_ChunkedBodyOverLimit_TooLarge()
    {
        var request = Request(new byte[5000]);

        var error = await Assert.ThrowsAsync<BodyTooLargeException>(() => RequestBody.ReadTextAsync(request, 4096, default));

        Assert.Equal(4096, error.Limit);
    }

    [Fact]
    public async Task ReadTextAsync_BodyExactlyAtLimit_Accepted()
    {
        var text = await RequestBody.ReadTextAsync(Request(Encoding.ASCII.GetBytes(new string('a', 4096))), 4096, default);

        Assert.Equal(4096, text.Length);
    }

    [Fact]
    public async Task ReadTextAsync_InvalidUtf8_ValidationError()
        => await Assert.ThrowsAsync<ArticleValidationException>(() => RequestBody.ReadTextAsync(Request([0x41, 0xC3, 0x28]), 1024, default));

    [Fact]
    public async Task ReadTextAsync_Latin1Charset_Decoded()
    {
        var text = await RequestBody.ReadTextAsync(Request([0x53, 0xE3, 0x6F], "text/plain; charset=iso-8859-1"), 1024, default);

        Assert.Equal("São", text);
    }

    [Fact]
    public void EncodingOf_UnknownCharset_UnsupportedMediaType()
        => Assert.Throws<UnsupportedMediaTypeException>(() => RequestBody.EncodingOf("text/plain; charset=klingon-8"));

    private sealed class ThrowingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => throw new InvalidOperationException("The body must not be read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("The body must not be read.");
    }
}
