using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class SeedLayoutParserTests
{
    private readonly ArticleParser _parser = new(new FixedClock());

    private Article ParseSeed(string name)
        => _parser.Parse(TestFiles.Seed(name), FormatDetection.FromFileName(name)!.Value, new ArticleSource(ArticleSource.Blob, name));

    public static TheoryData<string> EverySeed() => [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "seeds")).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(EverySeed))]
    public void Parse_EverySeedFile_GivesAnArticleWithBody(string name)
    {
        var article = ParseSeed(name);

        Assert.False(string.IsNullOrWhiteSpace(article.Title));
        Assert.StartsWith("<", article.ContentHtml, StringComparison.Ordinal);
        Assert.True(article.WordCount > 50, $"{name} has {article.WordCount} words");
        Assert.True(ArticleId.IsValid(article.Id), article.Id);
    }

    [Fact]
    public void Parse_SeedWithoutCaptionOrTitleRepeat_HasNoImageAndKeepsStandfirst()
    {
        var article = ParseSeed("world-coastal-states-agree-fishing-quota-pact.txt");

        Assert.Null(article.Image);
        Assert.StartsWith("Negotiators from eleven countries settled", article.Summary, StringComparison.Ordinal);
        Assert.Equal(new ArticleSection("world", "WORLD"), article.Section);
        Assert.Equal(3, article.ReadingMinutes);
        Assert.Equal([new RelatedLink("Mackerel stocks fall to lowest level since records began, survey finds", "Nordic Wire")], article.Related);
        Assert.Contains("<h2>How the shares were split</h2>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("Tórshavn", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeedWithoutReadingTimeOrRelated_ComputesReadingTimeFromWords()
    {
        var article = ParseSeed("business-port-authority-reports-record-container-volumes.txt");

        Assert.Equal("Port authority reports record container volumes as new terminal opens", article.Title);
        Assert.Equal(new ArticleImage(null, "Cranes at the new eastern terminal, which began round-the-clock operations in February.", "Harbour Press"), article.Image);
        Assert.Empty(article.Related);
        Assert.Equal(new DateTimeOffset(2025, 4, 28, 0, 0, 0, TimeSpan.Zero), article.Published);
        Assert.InRange(article.WordCount, 150, 200);
        Assert.Equal(1, article.ReadingMinutes);
    }

    [Fact]
    public void Parse_SeedWithTwoRelatedAndExplore_KeepsBothLinksAndDropsTheList()
    {
        var article = ParseSeed("science-deep-sea-survey-finds-new-coral-species.txt");

        Assert.Equal(["Science Desk", "Ocean Notes"], article.Related.Select(r => r.Source));
        Assert.Equal("Ocean Survey Institute", article.Image?.Credit);
        Assert.Contains("<h2>Beyond corals</h2>", article.ContentHtml, StringComparison.Ordinal);
        Assert.EndsWith("a process the researchers expect to take several years.</p>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Arctic sea ice", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("floating wind turbine", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("RECOMMENDED", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ByteOrderMarkAndCarriageReturns_ReadsAsUsual()
    {
        var text = "\uFEFF  date 2025-01-02 World\r\nTitle here\r\nStandfirst here.\r\n\r\nOnly paragraph of the body.\r\n";

        var draft = SeedLayoutParser.Read(text);

        Assert.Equal("Title here", draft.Title);
        Assert.Equal("Standfirst here.", draft.Summary);
        Assert.Equal("World", draft.Section);
        Assert.Null(draft.ReadingMinutes);
        Assert.Equal("<p>Only paragraph of the body.</p>", draft.Body?.Content);
    }

    [Fact]
    public void Read_TextThatIsNotTheLayout_NamesTheExpectedHeaderLine()
    {
        var error = Assert.Throws<ArticleValidationException>(() => SeedLayoutParser.Read("Dear editor,\n\nplease publish this."));

        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("date YYYY-MM-DD SECTION", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, Assert.Single(error.Errors["body"]));
    }

    [Fact]
    public void Read_HeaderWithImpossibleDate_SaysTheDateIsWrong()
    {
        var error = Assert.Throws<ArticleValidationException>(() => SeedLayoutParser.Read("date 2025-13-45 WORLD\nTitle\n\nBody text here."));

        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("2025-13-45", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnly_NamesTheMissingTitleLine()
    {
        var error = Assert.Throws<ArticleValidationException>(() => SeedLayoutParser.Read("date 2025-01-02 WORLD\n2 min read\n"));

        Assert.Contains("Line 3: expected the title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoBodyAfterHeader_NamesTheLineWhereBodyWasExpected()
    {
        var error = Assert.Throws<ArticleValidationException>(() => SeedLayoutParser.Read("date 2025-01-02 WORLD\nTitle\nStandfirst.\nJanuary 2, 2025\n\nExplore\nOther headline"));

        Assert.Contains("expected body paragraphs after the display date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ScriptInBodyText_IsEscapedText()
    {
        var draft = SeedLayoutParser.Read("date 2025-01-02 WORLD\nTitle\n\n<script>alert('x')</script> & more words.");

        Assert.Equal("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more words.</p>", draft.Body?.Content);
    }

    [Fact]
    public void Read_RelatedWithoutSource_KeepsTitleOnly()
    {
        var draft = SeedLayoutParser.Read("date 2025-01-02 WORLD\nTitle\n\nA body paragraph here.\n\nRelated - Another story worth reading");

        Assert.Equal([new RelatedLink("Another story worth reading")], draft.Related);
    }
}
