using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class ArticleHtmlCleanerTests
{
    private readonly ArticleHtmlCleaner _cleaner = new();

    [Fact]
    public void Clean_AllowedStructure_IsKept()
    {
        const string html = "<h2>A</h2><h3>B</h3><h4>C</h4><p><em>e</em> <strong>s</strong> <a href=\"https://x.example/\">l</a></p>"
            + "<ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote>"
            + "<figure><img src=\"https://x.example/i.jpg\" alt=\"alt\"><figcaption>cap</figcaption></figure>";

        Assert.Equal(html, _cleaner.Clean(html, baseUrl: null));
    }

    [Fact]
    public void Clean_UnknownWrappers_AreUnwrappedKeepingText()
        => Assert.Equal("<p>Inside <b>bold</b></p>Heading", _cleaner.Clean("<div class=\"x\"><p>Inside <font color=\"red\"><b>bold</b></font></p></div><h1>Heading</h1>", null));

    [Fact]
    public void Clean_RelativeUrlsWithBase_BecomeAbsolute()
        => Assert.Equal(
            "<p><a href=\"https://news.example.org/a/other\">o</a><img src=\"https://news.example.org/img/x.png\"></p>",
            _cleaner.Clean("<p><a href=\"other\">o</a><img src=\"/img/x.png\"></p>", "https://news.example.org/a/story"));

    [Fact]
    public void Clean_UnicodeText_IsKeptAsGiven()
        => Assert.Equal("<p>Türkiye – “İstanbul” 😀</p>", _cleaner.Clean("<p>Türkiye – “İstanbul” 😀</p>", null));

    [Fact]
    public void TextOf_AdjacentBlocks_SeparateWords()
        => Assert.Equal(4, ArticleNormalizer.CountWords(_cleaner.TextOf("<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>")));
}
