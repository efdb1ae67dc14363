using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Reads the scraped-article layout of <c>seeds/</c>:
/// <code>
/// date 2025-05-13 SECTION        header (required)
/// 2 min read                     reading time (optional)
/// Title                          (required)
/// Standfirst                     becomes the summary (optional)
/// Title                          the image's alt text, repeated (optional)
/// Caption text / CREDIT          image caption and credit (optional)
/// May 13, 2025                   display date (optional)
///
/// Body paragraphs, separated by blank lines.
/// Related&lt;Source&gt; - &lt;title&gt;   related links, anywhere in the body
/// RECOMMENDED, stray fragments ("e."), Explore + headlines: page furniture, dropped
/// </code>
/// The header block ends at the first blank line or at the display date, whichever comes first.
/// </summary>
public static partial class SeedLayoutParser
{
    public const string ExpectedHeader = "date YYYY-MM-DD SECTION";

    // Every pattern runs on the non-backtracking engine: linear in the line, however a hostile line is built.
    [GeneratedRegex(@"^date\s+(?<date>\S+)(?:\s+(?<section>.+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(?<minutes>\d{1,4})\s*min(?:ute)?s?\.?\s+read$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ReadingTimeLine();

    // "The caption text. / AA": the credit is the short text after the last " / ".
    [GeneratedRegex(@"^(?<caption>.*\S)\s+/\s+(?<credit>[^/]{1,80})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CaptionLine();

    [GeneratedRegex(@"^Related\s*(?<source>.*?)\s+[-–—]\s+(?<title>.+)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RelatedLine();

    private static readonly string[] DisplayDateFormats =
    [
        "MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "d MMM yyyy", "yyyy-MM-dd", "dddd, MMMM d, yyyy",
        "MMMM d, yyyy HH:mm", "MMM d, yyyy HH:mm",
    ];

    /// <summary>Lines that are page furniture wherever they stand.</summary>
    private static readonly HashSet<string> FurnitureLines = new(StringComparer.OrdinalIgnoreCase)
    {
        "RECOMMENDED", "Advertisement", "Share", "Read more",
    };

    /// <summary>The line that starts the list of other headlines; nothing after it belongs to the article.</summary>
    public const string ExploreLine = "Explore";

    public static ArticleDraft Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Lines(text);
        var index = SkipBlank(lines, 0);

        if (index == lines.Count)
            throw Expected(1, ExpectedHeader, "the text is empty");
        var header = HeaderLine().Match(lines[index]);
        if (!header.Success)
            throw Expected(index + 1, $"the header line '{ExpectedHeader}'", $"found \"{Preview(lines[index])}\"");
        if (!DateTime.TryParseExact(header.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw Expected(index + 1, $"the header line '{ExpectedHeader}' with a real date", $"found \"{header.Groups["date"].Value}\"");
        var section = header.Groups["section"].Success ? header.Groups["section"].Value.Trim() : null;
        index++;

        int? readingMinutes = null;
        if (index < lines.Count && ReadingTimeLine().Match(lines[index]) is { Success: true } readingTime)
        {
            readingMinutes = int.Parse(readingTime.Groups["minutes"].Value, CultureInfo.InvariantCulture);
            index++;
        }

        if (index == lines.Count || lines[index].Length == 0)
            throw Expected(index + 1, "the title", index == lines.Count ? "the text ends" : "found a blank line");
        var title = lines[index++];

        // The rest of the header block: standfirst, repeated title, caption, display date.
        var block = new List<string>();
        var sawDisplayDate = false;
        while (index < lines.Count && lines[index].Length > 0)
        {
            var line = lines[index++];
            if (IsDisplayDate(line))
            {
                sawDisplayDate = true;
                break;
            }

            block.Add(line);
        }

        var (summary, image) = ReadHeaderBlock(block, title);
        var (bodyHtml, related) = ReadBody(lines, index);
        if (bodyHtml.Length == 0)
        {
            var after = sawDisplayDate ? "the display date" : "the header";
            throw Expected(index + 1, $"body paragraphs after {after}", "found none");
        }

        return new ArticleDraft
        {
            Title = title,
            Summary = summary,
            Section = section,
            Published = new DateTimeOffset(date, TimeSpan.Zero),
            ReadingMinutes = readingMinutes,
            Image = image,
            Related = related,
            Body = new DraftBody(DraftBodyKind.Html, bodyHtml, "body"),
        };
    }

    private static (string? Summary, ArticleImage? Image) ReadHeaderBlock(List<string> block, string title)
    {
        // The repeated title is the image's alt text: what precedes it is the standfirst, what follows the caption.
        var altIndex = block.FindIndex(line => string.Equals(line, title, StringComparison.Ordinal));
        List<string> standfirst;
        List<string> caption;
        if (altIndex >= 0)
        {
            standfirst = block[..altIndex];
            caption = block[(altIndex + 1)..];
        }
        else
        {
            // No alt line: a trailing "text / CREDIT" line is still a caption; anything else is standfirst.
            var hasCaption = block.Count > 1 && CaptionLine().IsMatch(block[^1]);
            standfirst = hasCaption ? block[..^1] : block;
            caption = hasCaption ? [block[^1]] : [];
        }

        var summary = standfirst.Count == 0 ? null : string.Join(' ', standfirst);
        if (caption.Count == 0)
            return (summary, null);

        var captionText = string.Join(' ', caption);
        var match = CaptionLine().Match(captionText);
        var image = match.Success
            ? new ArticleImage(Caption: match.Groups["caption"].Value, Credit: match.Groups["credit"].Value.Trim())
            : new ArticleImage(Caption: captionText);
        return (summary, image);
    }

    private static (string Html, List<RelatedLink> Related) ReadBody(List<string> lines, int index)
    {
        var paragraphs = new List<string>();
        var related = new List<RelatedLink>();
        var current = new List<string>();

        void EndParagraph()
        {
            if (current.Count > 0)
                paragraphs.Add(string.Join(' ', current));
            current.Clear();
        }

        for (; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Length == 0)
            {
                EndParagraph();
                continue;
            }

            if (string.Equals(line, ExploreLine, StringComparison.OrdinalIgnoreCase))
                break;

            if (RelatedLine().Match(line) is { Success: true } link)
            {
                EndParagraph();
                var source = link.Groups["source"].Value.Trim();
                related.Add(new RelatedLink(link.Groups["title"].Value.Trim(), source.Length == 0 ? null : source));
                continue;
            }

            if (FurnitureLines.Contains(line) || IsStrayFragment(line))
            {
                EndParagraph();
                continue;
            }

            current.Add(line);
        }

        EndParagraph();

        var html = new StringBuilder();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var tag = i < paragraphs.Count - 1 && IsSubheading(paragraphs[i]) ? "h2" : "p";
            html.Append('<').Append(tag).Append('>').Append(PlainTextHtml.Escape(paragraphs[i])).Append("</").Append(tag).Append('>');
        }

        return (html.ToString(), related);
    }

    /// <summary>Scraping leftovers such as "e." or "—": fewer than three letters or digits in the whole line.</summary>
    private static bool IsStrayFragment(string line) => line.Count(char.IsLetterOrDigit) < 3;

    /// <summary>
    /// A crosshead between paragraphs ("Revitalising the path of dialogue"): one short line, capitalised,
    /// without the closing punctuation every sentence of a news paragraph has.
    /// </summary>
    private static bool IsSubheading(string paragraph)
        => paragraph.Length <= 80
            && char.IsUpper(paragraph[0])
            && paragraph.Split(' ').Length <= 10
            && !".!?:;,\"'”’)…".Contains(paragraph[^1], StringComparison.Ordinal);

    private static bool IsDisplayDate(string line)
        => DateTime.TryParseExact(line, DisplayDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _);

    /// <summary>Lines of any line ending, trimmed of spaces, no-break spaces and byte order marks (the scraped text indents its first line).</summary>
    private static List<string> Lines(string text)
        => [.. text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Replace('\u00A0', ' ').Trim().Trim('\uFEFF').Trim())];

    private static int SkipBlank(List<string> lines, int index)
    {
        while (index < lines.Count && lines[index].Length == 0)
            index++;
        return index;
    }

    private static string Preview(string line) => line.Length <= 60 ? line : line[..60] + "…";

    private static ArticleValidationException Expected(int lineNumber, string expected, string found)
    {
        var message = $"Line {lineNumber}: expected {expected}; {found}.";
        return ArticleValidationException.ForField("body", message);
    }
}
