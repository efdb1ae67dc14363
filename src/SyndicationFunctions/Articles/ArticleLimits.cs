namespace SyndicationFunctions.Articles;

/// <summary>
/// Upper bounds on what a publisher may send. They keep feeds readable and keep every short field
/// far below Table Storage's 64 KiB per property; the body has no bound of its own here because the
/// request size limit already caps it and storage keeps long bodies whole.
/// </summary>
public static class ArticleLimits
{
    public const int IdLength = 100;
    public const int TitleLength = 300;
    public const int SummaryLength = 1000;
    public const int SectionLength = 100;
    public const int Tags = 20;
    public const int TagLength = 50;
    public const int Authors = 20;
    public const int AuthorNameLength = 200;
    public const int EmailLength = 254;
    public const int UrlLength = 2048;
    public const int CaptionLength = 1000;
    public const int CreditLength = 200;
    public const int Related = 50;
    public const int RelatedTitleLength = 300;
    public const int RelatedSourceLength = 200;
    public const int LanguageLength = 35;
    public const int ReadingMinutes = 1000;

    /// <summary>How deep HTML elements may nest (page or body); deeper markup costs tree builders more than linear time.</summary>
    public const int HtmlDepth = 256;

    /// <summary>
    /// Elements (start tags) one page or body may hold: a 1 MiB article of prose has about half as many, while
    /// markup made only of tags costs the parser and sanitiser many times more per byte.
    /// </summary>
    public const int HtmlElements = 40_000;

    /// <summary>How many quotes and list markers one Markdown line may open.</summary>
    public const int MarkdownLineNesting = 32;

    /// <summary>
    /// How deep the HTML rendered from Markdown may nest. Markdown nests by a character or two per level (<c>&gt; </c>,
    /// <c>- </c>, <c>*</c>), so deep nesting costs the sanitiser far more per byte sent than prose does; articles
    /// written by people stay under ten levels.
    /// </summary>
    public const int MarkdownHtmlDepth = 16;

    /// <summary>
    /// How many times its own size Markdown may grow when rendered to HTML (plus <see cref="MarkdownExpansionAllowance"/>):
    /// prose grows by about a sixth and a table of short cells about 2.5 times, while a line of nested quotes or list
    /// markers grows thirteen-fold and every byte of it is work for the sanitiser.
    /// </summary>
    public const int MarkdownExpansion = 3;

    /// <summary>HTML characters a Markdown body may render to whatever its size, so short bodies are never refused for it.</summary>
    public const int MarkdownExpansionAllowance = 4096;

    /// <summary>
    /// Markdown characters per rendered HTML element, at least (plus <see cref="MarkdownElementAllowance"/>): prose takes
    /// about fifty per element, a table of short cells about six, while nested emphasis (<c>*_a *_a …</c>) renders an
    /// element per two characters, and the sanitiser's work follows the elements.
    /// </summary>
    public const int MarkdownCharactersPerElement = 16;

    /// <summary>HTML elements a Markdown body may render to whatever its size.</summary>
    public const int MarkdownElementAllowance = 256;

    /// <summary>Attributes one HTML element may carry; parsers check each new one against the others.</summary>
    public const int HtmlAttributesPerElement = 100;

    /// <summary>The largest YAML front matter a Markdown article may open with, in characters.</summary>
    public const int FrontMatterLength = 64 * 1024;

    /// <summary>How deep YAML front matter may nest mappings and sequences.</summary>
    public const int FrontMatterDepth = 16;

    /// <summary>Reading speed used when the source does not state a reading time.</summary>
    public const int WordsPerMinute = 200;

    /// <summary>The earliest publication date accepted: older dates are typing mistakes, not archives.</summary>
    public static readonly DateTimeOffset EarliestPublished = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead a publication date may be (scheduled articles), in days.</summary>
    public const int FutureDays = 366;
}
