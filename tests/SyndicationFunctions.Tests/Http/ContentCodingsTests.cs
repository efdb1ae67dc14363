using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Tests.Http;

public class ContentCodingsTests
{
    [Theory]
    [InlineData("gzip", ContentCoding.Gzip)]
    [InlineData("br", ContentCoding.Brotli)]
    [InlineData("gzip, deflate, br", ContentCoding.Brotli)]
    [InlineData("gzip;q=1.0, br;q=0.5", ContentCoding.Gzip)]
    [InlineData("*", ContentCoding.Brotli)]
    [InlineData("*;q=0.1, gzip;q=0", ContentCoding.Brotli)]
    [InlineData("br;q=0, gzip;q=0", ContentCoding.Identity)]
    [InlineData("identity", ContentCoding.Identity)]
    [InlineData("deflate", ContentCoding.Identity)]
    [InlineData("", ContentCoding.Identity)]
    public void Choose_AcceptEncoding_HonoursQValues(string acceptEncoding, ContentCoding expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptEncoding = acceptEncoding;

        Assert.Equal(expected, ContentCodings.Choose(context.Request, 10_000));
    }

    [Fact]
    public void Choose_SmallBody_Identity()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptEncoding = "gzip, br";

        Assert.Equal(ContentCoding.Identity, ContentCodings.Choose(context.Request, ContentCodings.MinimumBytes - 1));
    }

    [Fact]
    public void BodyIn_AskedTwice_CompressedOncePerRender()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<item>harbour reopens</item>", 500)));
        var rendered = new RenderedResponse(body, "application/rss+xml", new ResourceValidators(new EntityTagHeaderValue("\"v1\""), DateTimeOffset.UnixEpoch));

        var first = rendered.BodyIn(ContentCoding.Gzip);

        Assert.Same(first, rendered.BodyIn(ContentCoding.Gzip));
        Assert.Same(rendered.BodyIn(ContentCoding.Brotli), rendered.BodyIn(ContentCoding.Brotli));
        Assert.True(first.Length < body.Length / 10);
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true)]
    [InlineData("text/html", true)]
    [InlineData("*/*", false)]
    [InlineData("application/rss+xml, text/html;q=0.5", false)]
    [InlineData("text/html;q=0.9, application/rss+xml", false)]
    [InlineData("application/atom+xml,application/rdf+xml,application/rss+xml,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1", false)]
    [InlineData("", false)]
    public void PrefersHtml_AcceptHeaders_OnlyBrowsersGetThePage(string accept, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = accept;

        Assert.Equal(expected, RepresentationChoice.PrefersHtml(context.Request, "application/rss+xml", "application/atom+xml", "application/xml", "text/xml"));
    }
}
