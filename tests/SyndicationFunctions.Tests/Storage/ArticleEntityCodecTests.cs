using System.Security.Cryptography;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Tests.Storage;

public sealed class ArticleEntityCodecTests
{
    private static Article Sample(string content) => new()
    {
        Id = "2025-05-13-sample",
        Title = "Sample",
        Summary = "A sample article.",
        ContentHtml = content,
        Published = new DateTimeOffset(2025, 5, 13, 0, 0, 0, TimeSpan.Zero),
        Updated = new DateTimeOffset(2025, 5, 13, 1, 0, 0, TimeSpan.Zero),
        Section = new ArticleSection("turkiye", "TÜRKİYE"),
        Tags = ["diplomacy"],
        Authors = [new ArticleAuthor("Reporter", "desk@example.com")],
        Image = new ArticleImage("https://example.com/a.jpg", "Caption", "AA"),
        Related = [new RelatedLink("Other story", "TRT Global")],
        Language = "en",
        WordCount = 2,
        ReadingMinutes = 1,
        Source = new ArticleSource(ArticleSource.Http),
    };

    private static Article RoundTrip(Article article, out TableEntity entity, out ArticleEntityCodec.EncodedBody body)
    {
        body = ArticleEntityCodec.Encode(article, ArticleFingerprint.Compute(article));
        entity = new TableEntity("p", "r");
        ArticleEntityCodec.Write(entity, article, ArticleFingerprint.Compute(article), body);
        return ArticleEntityCodec.Read(entity, body.BlobName is null ? null : body.Bytes);
    }

    [Fact]
    public void Read_SmallArticle_RoundTripsEveryField()
    {
        var article = Sample("<p>Hello, Türkiye 🌍</p>");

        var read = RoundTrip(article, out _, out var body);

        Assert.Equal("json", body.Encoding);
        Assert.Equal(ArticleFingerprint.Compute(article), ArticleFingerprint.Compute(read));
        Assert.Equal(article.Updated, read.Updated);
        Assert.Equal(article.Source, read.Source);
    }

    [Fact]
    public void Write_LongArticle_EveryPropertyWithinTableLimits()
    {
        // 300,000 characters of prose-like text: several 64 KiB properties even after compression would not do uncompressed.
        var words = string.Join(' ', Enumerable.Range(0, 50_000).Select(i => "word" + (i % 997)));
        var article = Sample("<p>" + words + "</p>");

        var read = RoundTrip(article, out var entity, out var body);

        Assert.Equal("json+gzip", body.Encoding);
        Assert.Null(body.BlobName);
        Assert.Equal(article.ContentHtml, read.ContentHtml);
        Assert.True(entity.Count < 255);
        Assert.All(entity.Select(p => p.Value).OfType<byte[]>(), b => Assert.True(b.Length <= 64 * 1024));
        Assert.All(entity.Select(p => p.Value).OfType<string>(), s => Assert.True(s.Length <= 32 * 1024));
    }

    [Fact]
    public void Encode_IncompressibleArticleOverTheInlineLimit_GoesToABlob()
    {
        var article = Sample("<p>" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(800_000)) + "</p>");

        var read = RoundTrip(article, out var entity, out var body);

        Assert.NotNull(body.BlobName);
        Assert.StartsWith(article.Id + "/", body.BlobName, StringComparison.Ordinal);
        Assert.DoesNotContain(entity.Keys, k => k.StartsWith("Body0", StringComparison.Ordinal));
        Assert.Equal(article.ContentHtml, read.ContentHtml);
    }
}
