using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Feeds;

/// <summary>An article with everything a publisher could get wrong, as if it had slipped past ingestion.</summary>
internal static class HostileContent
{
    // C0 controls, a lone surrogate and U+FFFE are not XML characters; a C1 control is discouraged.
    public const string ForbiddenCharacters = "\u0000\u0001\u0008\u000B\u000C\u001F\uD800\uFFFE\u0085";

    public static readonly string LongContent = string.Concat(Enumerable.Repeat("<p>Paragraph with 🎉 emoji, İstanbul and Türkiye.</p>", 40_000));

    public static Article Article() => new()
    {
        Id = "hostile/id with spaces#?&",
        Title = "Tom & Jerry <script>alert('x')</script> ]]> 😀" + ForbiddenCharacters,
        Summary = "Ends a CDATA ]]> early & \"quotes\"" + ForbiddenCharacters,
        ContentHtml = "<p>]]></p><p><![CDATA[ nested ]]></p>\r\n<p>Windows\rline ends" + ForbiddenCharacters + "</p>" + LongContent,
        Url = null,
        Published = new DateTimeOffset(2025, 5, 14, 10, 0, 0, TimeSpan.FromHours(3)),
        Updated = new DateTimeOffset(2025, 5, 14, 7, 0, 0, 999, TimeSpan.Zero),
        Section = new ArticleSection("world", "World & <More>"),
        Tags = ["a&b", "<tag>", "emoji 🎈", "  ", "a&b"],
        Authors = [new ArticleAuthor("  "), new ArticleAuthor("Zoë <Editor>", "not an email")],
        Image = new ArticleImage("/relative/image.png", "caption"),
        Language = "not a language!",
        Source = new ArticleSource(ArticleSource.Http),
    };
}
