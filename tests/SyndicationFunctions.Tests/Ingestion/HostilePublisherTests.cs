using System.Text.Json;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

/// <summary>What a careless or malicious publisher can send, and what must come out (or be refused).</summary>
public sealed class HostilePublisherTests
{
    private readonly ArticleParser _parser = new(new FixedClock());

    private Article ParseJson(object input)
        => _parser.Parse(JsonSerializer.Serialize(input), ArticleFormat.Json, new ArticleSource(ArticleSource.Http));

    private ArticleValidationException Refused(object input)
        => Assert.Throws<ArticleValidationException>(() => ParseJson(input));

    [Fact]
    public void Parse_ControlCharactersInEveryField_AreRemoved()
    {
        var article = ParseJson(new
        {
            title = "Bad\u0000 title\u0007",
            summary = "Sum\u001Bmary",
            section = "Wor\u0001ld",
            contentHtml = "<p>Body\u0008 text &#1; here\uFFFF</p>",
            tags = new List<string> { "t\u0002ag" },
            image = new { caption = "Cap\u000Ction", credit = "A\u0003A" },
        });

        Assert.Equal("Bad title", article.Title);
        Assert.Equal("Summary", article.Summary);
        Assert.Equal(new ArticleSection("world", "World"), article.Section);
        Assert.Equal("<p>Body text  here</p>", article.ContentHtml);
        Assert.Equal(["tag"], article.Tags);
        Assert.Equal(new ArticleImage(null, "Caption", "AA"), article.Image);
    }

    [Fact]
    public void Parse_ScriptStyleAndIframe_AreRemovedWithTheirContent()
    {
        var article = ParseJson(new
        {
            title = "T",
            section = "World",
            contentHtml = "<p>Keep me.</p><script>alert('x')</script><style>p{color:red}</style>"
                + "<iframe src=\"https://evil.example/\">frame text</iframe><form action=\"/x\"><input name=\"q\"><button>Go</button></form>"
                + "<object data=\"x.swf\"></object><embed src=\"x.swf\"><svg><script>alert(2)</script></svg>",
        });

        Assert.Equal("<p>Keep me.</p>", article.ContentHtml);
    }

    [Fact]
    public void Parse_EventHandlersAndJavascriptUrls_AreStripped()
    {
        var article = ParseJson(new
        {
            title = "T",
            section = "World",
            contentHtml = "<p onclick=\"steal()\" style=\"x:y\" class=\"c\">Click <a href=\"javascript:alert(1)\" onmouseover=\"x()\">here</a> "
                + "or <a href=\"JaVaScRiPt&#58;alert(1)\">there</a> or <a href=\"https://example.org/ok\">safe</a>"
                + "<img src=\"x\" onerror=\"alert(1)\" alt=\"pic\"><img src=\"data:image/png;base64,AAAA\"></p>",
        });

        foreach (var handler in (List<string>)["onclick", "onmouseover", "onerror", "steal"])
            Assert.DoesNotContain(handler, article.ContentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", article.ContentHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("style", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/ok\">safe</a>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<a>here</a>", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JavascriptUrlInUrlFields_IsAFieldError()
    {
        var error = Refused(new
        {
            title = "T",
            section = "World",
            contentText = "Body.",
            url = "javascript:alert(1)",
            image = new { url = "javascript:alert(2)" },
            related = new List<object> { new { title = "R", url = "data:text/html,x" } },
        });

        Assert.True(error.Errors.ContainsKey("url"));
        Assert.True(error.Errors.ContainsKey("image.url"));
        Assert.True(error.Errors.ContainsKey("related[0].url"));
    }

    [Fact]
    public void Parse_ScriptTagsInPlainText_BecomeHarmlessText()
    {
        var article = ParseJson(new { title = "T", section = "World", contentText = "<script>alert('x')</script>\n\nSecond & last." });

        Assert.Equal("<p>&lt;script&gt;alert('x')&lt;/script&gt;</p><p>Second &amp; last.</p>", article.ContentHtml);
    }

    [Fact]
    public void Parse_TitleOf10000Characters_IsATitleError()
    {
        var error = Refused(new { title = new string('x', 10_000), section = "World", contentText = "Body." });

        Assert.Contains("10000", Assert.Single(error.Errors["title"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("<script>only()</script>")]
    [InlineData("<p>  </p><div></div>")]
    public void Parse_EmptyBody_IsAContentError(string html)
    {
        var error = Refused(new { title = "T", section = "World", contentHtml = html });

        Assert.True(error.Errors.ContainsKey("contentHtml"), string.Join(", ", error.Errors.Keys));
    }

    [Fact]
    public void Parse_NoBodyAtAll_IsAContentError()
        => Assert.True(Refused(new { title = "T", section = "World" }).Errors.ContainsKey("content"));

    [Fact]
    public void Parse_MalformedJson_NamesLineAndPosition()
    {
        var error = Assert.Throws<ArticleValidationException>(
            () => _parser.Parse("{\n  \"title\": \"T\",\n  \"section\": oops\n}", ArticleFormat.Json, new ArticleSource(ArticleSource.Http)));

        Assert.Contains("line 3, position 14", error.Message, StringComparison.Ordinal);
        Assert.True(error.Errors.ContainsKey("body"));
    }

    [Fact]
    public void Parse_BothContentHtmlAndContentText_IsRefused()
    {
        var error = Refused(new { title = "T", section = "World", contentHtml = "<p>a</p>", contentText = "a" });

        Assert.Contains("exactly one", Assert.Single(error.Errors["content"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSection_IsASectionError()
    {
        var error = Refused(new { title = "T", contentText = "Body." });

        Assert.Contains("section is required", Assert.Single(error.Errors["section"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("id with spaces")]
    public void Parse_BadIdCharacters_IsAnIdError(string id)
        => Assert.True(Refused(new { id, title = "T", section = "World", contentText = "Body." }).Errors.ContainsKey("id"));

    [Fact]
    public void Parse_TooManyAndTooLongTags_AreTagErrors()
    {
        var error = Refused(new
        {
            title = "T",
            section = "World",
            contentText = "Body.",
            tags = Enumerable.Range(0, 21).Select(i => $"tag{i}").Append(new string('t', 51)).ToArray(),
        });

        Assert.Equal(2, error.Errors["tags"].Length);
    }

    [Fact]
    public void Parse_TextNotInSeedLayout_NamesTheExpectedLine()
    {
        var error = Assert.Throws<ArticleValidationException>(
            () => _parser.Parse("Hello,\nthis is just a letter.", ArticleFormat.SeedText, new ArticleSource(ArticleSource.Http)));

        Assert.Equal("Line 1: expected the header line 'date YYYY-MM-DD SECTION'; found \"Hello,\".", error.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryField()
    {
        var error = Refused(new { id = "a/b", summary = new string('s', 1001), contentText = "Body.", language = "not a language" });

        Assert.Equal(["id", "language", "section", "summary", "title"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_FractionalSecondsInPublished_CutToWholeSeconds()
    {
        var article = ParseJson(new { title = "T", section = "World", contentText = "x", published = "2025-05-13T09:30:15.987654Z" });

        Assert.Equal(new DateTimeOffset(2025, 5, 13, 9, 30, 15, TimeSpan.Zero), article.Published);
        Assert.Equal(article.Published, article.Updated);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2026-06-03T12:00:00Z")]
    public void Parse_ImplausiblePublishedDate_IsAFieldError(string published)
        => Assert.True(Refused(new { title = "T", section = "World", contentText = "x", published }).Errors.ContainsKey("published"));

    [Fact]
    public void Parse_SectionWithNoLatinLetters_StableHashSlugAndNameKept()
    {
        var first = ParseJson(new { title = "T", section = "العربية", contentText = "x" });
        var again = ParseJson(new { title = "U", section = "العربية", contentText = "y" });
        var other = ParseJson(new { title = "T", section = "русский", contentText = "x" });

        Assert.Matches("^section-[a-z0-9]+$", first.Section.Slug);
        Assert.Equal("العربية", first.Section.Name);
        Assert.Equal(first.Section.Slug, again.Section.Slug);
        Assert.NotEqual(first.Section.Slug, other.Section.Slug);
    }
}
