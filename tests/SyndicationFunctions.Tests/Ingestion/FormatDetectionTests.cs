using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("application/json", ArticleFormat.Json)]
    [InlineData("application/json; charset=utf-8", ArticleFormat.Json)]
    [InlineData("text/plain;charset=UTF-8", ArticleFormat.SeedText)]
    [InlineData("TEXT/MARKDOWN", ArticleFormat.Markdown)]
    [InlineData("text/html; charset=iso-8859-1", ArticleFormat.Html)]
    public void FromContentType_SupportedType_ReturnsFormat(string contentType, ArticleFormat expected)
        => Assert.Equal(expected, FormatDetection.FromContentType(contentType));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    [InlineData("not a media type")]
    [InlineData("application/x-ndjson")]
    public void FromContentType_UnsupportedType_ReturnsNull(string? contentType)
        => Assert.Null(FormatDetection.FromContentType(contentType));

    [Theory]
    [InlineData("a.json", ArticleFormat.Json)]
    [InlineData("folder/a.TXT", ArticleFormat.SeedText)]
    [InlineData("a.md", ArticleFormat.Markdown)]
    [InlineData("a.html", ArticleFormat.Html)]
    [InlineData("a.htm", ArticleFormat.Html)]
    public void FromFileName_KnownExtension_ReturnsFormat(string name, ArticleFormat expected)
        => Assert.Equal(expected, FormatDetection.FromFileName(name));

    [Theory]
    [InlineData("a.ndjson")]
    [InlineData("a.pdf")]
    [InlineData("no-extension")]
    [InlineData("")]
    public void FromFileName_BatchOrUnknown_ReturnsNull(string name)
        => Assert.Null(FormatDetection.FromFileName(name));

    [Fact]
    public void IsNdjson_BatchFileAndType_AreRecognised()
    {
        Assert.True(FormatDetection.IsNdjsonFile("drop/articles.NDJSON"));
        Assert.False(FormatDetection.IsNdjsonFile("articles.json"));
        Assert.True(FormatDetection.IsNdjsonContentType("application/x-ndjson; charset=utf-8"));
        Assert.False(FormatDetection.IsNdjsonContentType("application/json"));
    }
}
