using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class JsonArticleReaderTests
{
    private readonly ArticleParser _parser = new(new FixedClock());

    [Fact]
    public void Parse_JsonSeed_KeepsGivenIdAndResolvesRelativeUrlsAgainstArticleUrl()
    {
        var article = _parser.Parse(TestFiles.Seed("culture-sao-tome-festival-returns.json"), ArticleFormat.Json, new ArticleSource(ArticleSource.Blob, "x.json"));

        Assert.Equal("culture-sao-tome-festival-returns", article.Id);
        Assert.Equal(new ArticleSection("culture", "Culture"), article.Section);
        Assert.Equal(new DateTimeOffset(2025, 7, 4, 8, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Equal("https://news.example.org/images/ilheu-festival-stage.jpg", article.Image?.Url);
        Assert.Contains("<a href=\"https://news.example.org/festival/programme\">published programme</a>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Equal(["music", "festivals", "São Tomé and Príncipe"], article.Tags);
        Assert.Equal([new ArticleAuthor("Ana Carvalho", null, "https://news.example.org/authors/ana-carvalho")], article.Authors);
        Assert.Equal("en", article.Language);
        Assert.Equal(1, article.ReadingMinutes);
    }

    [Fact]
    public void Read_UnknownAndComputedMembers_AreIgnored()
    {
        var draft = JsonArticleReader.Read("""
            { "title": "T", "section": "World", "contentText": "x", "wordCount": 999, "updated": "1999-01-01", "source": { "kind": "evil" }, "extra": [1, 2] }
            """);

        Assert.Equal("T", draft.Title);
        Assert.Equal(new DraftBody(DraftBodyKind.Text, "x", "contentText"), draft.Body);
    }

    [Fact]
    public void Read_SectionObjectFromStoredResource_TakesItsName()
        => Assert.Equal("Türkiye", JsonArticleReader.Read("""{ "section": { "slug": "turkiye", "name": "Türkiye" } }""").Section);

    [Fact]
    public void Read_WrongTypes_AreFieldErrors()
    {
        var error = Assert.Throws<ArticleValidationException>(
            () => JsonArticleReader.Read("""{ "title": 5, "tags": [1], "published": "yesterday", "readingMinutes": "two", "image": 3 }"""));

        Assert.Equal(["image", "published", "readingMinutes", "tags", "title"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Must be a string, not a number.", Assert.Single(error.Errors["title"]));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("")]
    public void Read_NotAnObject_IsABodyError(string json)
        => Assert.True(Assert.Throws<ArticleValidationException>(() => JsonArticleReader.Read(json)).Errors.ContainsKey("body"));

    [Fact]
    public void Parse_NoPublishedDate_UsesNowAndComputesId()
    {
        var article = _parser.Parse("""{ "title": "İstanbul talks", "section": "World", "contentMarkdown": "Some *words* here." }""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http));

        Assert.Equal(FixedClock.Now, article.Published);
        Assert.Equal(FixedClock.Now, article.Updated);
        Assert.Equal("2025-06-01-istanbul-talks", article.Id);
        Assert.Equal("<p>Some <em>words</em> here.</p>", article.ContentHtml);
        Assert.Equal(3, article.WordCount);
        Assert.Null(article.Language);
    }

    [Fact]
    public void Parse_LongBodyWithoutStatedReadingTime_RoundsWordsPer200Up()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 401));

        var article = _parser.Parse($$"""{ "title": "T", "section": "World", "contentText": "{{text}}" }""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http));

        Assert.Equal(401, article.WordCount);
        Assert.Equal(3, article.ReadingMinutes);
    }

    [Fact]
    public void Parse_StatedReadingTime_IsKept()
    {
        var article = _parser.Parse("""{ "title": "T", "section": "World", "contentText": "Short.", "readingMinutes": 7 }""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http));

        Assert.Equal(7, article.ReadingMinutes);
    }

    [Fact]
    public void Parse_RelativeUrlsWithoutArticleUrl_StayRelativeInBodyAndAreRefusedInFields()
    {
        var article = _parser.Parse("""{ "title": "T", "section": "World", "contentHtml": "<p><a href=\"/x\">x</a></p>" }""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http));
        var error = Assert.Throws<ArticleValidationException>(() => _parser.Parse(
            """{ "title": "T", "section": "World", "contentText": "x", "image": "/img.jpg" }""", ArticleFormat.Json, new ArticleSource(ArticleSource.Http)));

        Assert.Equal("<p><a href=\"/x\">x</a></p>", article.ContentHtml);
        Assert.True(error.Errors.ContainsKey("image.url"));
    }
}
