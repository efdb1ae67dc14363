using System.Globalization;
using System.Text.RegularExpressions;
using SyndicationFunctions.Articles;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Reads Markdown with optional YAML front matter (<c>title</c>, <c>date</c>, <c>section</c>, <c>tags</c>,
/// <c>summary</c>, <c>author</c>, <c>image</c>, <c>url</c>, <c>id</c>, <c>language</c>, <c>related</c>...).
/// Without a front matter title, a leading <c># Heading</c> is the title.
/// </summary>
public static partial class MarkdownArticleReader
{
    // Linear whatever the input: the non-backtracking engine.
    [GeneratedRegex(@"\A---[ \t]*\n(?<yaml>.*?)\n?(?:---|\.\.\.)[ \t]*(?:\n|\z)", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"\A\s*#[ \t]+(?<title>[^\n]+?)[ \t#]*(?:\n|\z)", RegexOptions.NonBacktracking)]
    private static partial Regex LeadingHeading();

    public static ArticleDraft Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var markdown = text.TrimStart('\uFEFF').ReplaceLineEndings("\n").TrimStart('\n', ' ', '\t');
        var fields = new YamlMappingNode();
        var match = FrontMatter().Match(markdown);
        if (match.Success)
        {
            fields = ParseFrontMatter(match.Groups["yaml"].Value);
            markdown = markdown[match.Length..];
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var title = Scalar(fields, "title");
        if (title is null && LeadingHeading().Match(markdown) is { Success: true } heading)
        {
            title = heading.Groups["title"].Value;
            markdown = markdown[heading.Length..];
        }

        var draft = new ArticleDraft
        {
            Id = Scalar(fields, "id"),
            Title = title,
            Summary = Scalar(fields, "summary") ?? Scalar(fields, "description"),
            Body = string.IsNullOrWhiteSpace(markdown) ? null : new DraftBody(DraftBodyKind.Markdown, markdown, "body"),
            Url = Scalar(fields, "url") ?? Scalar(fields, "canonical"),
            Published = DateOf(fields, errors),
            Section = Scalar(fields, "section") ?? Scalar(fields, "category"),
            Tags = List(fields, "tags"),
            Authors = Authors(fields),
            Image = Image(fields),
            Related = Related(fields),
            Language = Scalar(fields, "language") ?? Scalar(fields, "lang"),
            ReadingMinutes = Minutes(fields, errors),
        };

        if (errors.Count > 0)
            throw new ArticleValidationException(errors.Values.First()[0], errors);
        return draft;
    }

    private static YamlMappingNode ParseFrontMatter(string yaml)
    {
        if (yaml.Length > ArticleLimits.FrontMatterLength)
        {
            throw ArticleValidationException.ForField("frontMatter",
                $"The YAML front matter is {yaml.Length} characters long; at most {ArticleLimits.FrontMatterLength} are allowed.");
        }

        var stream = new YamlStream();
        try
        {
            EnsureCannotExpand(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            // The front matter starts on line 2 of the file, after its opening "---".
            throw ArticleValidationException.ForField(
                "frontMatter",
                $"The YAML front matter is not valid at line {exception.Start.Line + 1}, position {exception.Start.Column}.");
        }

        if (stream.Documents.Count == 0)
            return new YamlMappingNode();
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw ArticleValidationException.ForField("frontMatter", "The YAML front matter must be a mapping of fields such as 'title: ...'.");
    }

    /// <summary>
    /// Reads the front matter's events once (a flat state machine, no tree) and refuses anchors, aliases and
    /// merge keys, which let a few bytes stand for a huge document, and nesting deeper than a front matter needs.
    /// </summary>
    private static void EnsureCannotExpand(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias:
                case NodeEvent { Anchor.IsEmpty: false }:
                    throw ArticleValidationException.ForField("frontMatter", "YAML anchors and aliases (&name, *name) are not accepted in front matter.");
                case Scalar { Value: "<<", IsKey: true }:
                    throw ArticleValidationException.ForField("frontMatter", "YAML merge keys (<<) are not accepted in front matter.");
                case MappingStart or SequenceStart when ++depth > ArticleLimits.FrontMatterDepth:
                    throw ArticleValidationException.ForField("frontMatter",
                        $"The YAML front matter nests more than {ArticleLimits.FrontMatterDepth} levels deep.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static YamlNode? Node(YamlMappingNode map, string key)
    {
        foreach (var (name, value) in map.Children)
        {
            if (name is YamlScalarNode { Value: { } text } && string.Equals(text, key, StringComparison.OrdinalIgnoreCase))
                return value;
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode map, string key) => Node(map, key) is YamlScalarNode scalar ? scalar.Value : null;

    private static List<string> List(YamlMappingNode map, string key) => Node(map, key) switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
        YamlScalarNode { Value: { } text } => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    private static List<ArticleAuthor> Authors(YamlMappingNode map)
    {
        var node = Node(map, "authors") ?? Node(map, "author");
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : node is null ? [] : [node];
        return [.. items.Select(item => item switch
        {
            YamlMappingNode author => new ArticleAuthor(Scalar(author, "name") ?? string.Empty, Scalar(author, "email"), Scalar(author, "url")),
            YamlScalarNode name => new ArticleAuthor(name.Value ?? string.Empty),
            _ => new ArticleAuthor(string.Empty),
        })];
    }

    private static ArticleImage? Image(YamlMappingNode map) => Node(map, "image") switch
    {
        YamlScalarNode { Value: { } url } => new ArticleImage(url),
        YamlMappingNode image => new ArticleImage(Scalar(image, "url") ?? Scalar(image, "src"), Scalar(image, "caption"), Scalar(image, "credit")),
        _ => null,
    };

    private static List<RelatedLink> Related(YamlMappingNode map)
        => Node(map, "related") is YamlSequenceNode sequence
            ? [.. sequence.Children.Select(item => item switch
            {
                YamlMappingNode link => new RelatedLink(Scalar(link, "title") ?? string.Empty, Scalar(link, "source"), Scalar(link, "url")),
                YamlScalarNode title => new RelatedLink(title.Value ?? string.Empty),
                _ => new RelatedLink(string.Empty),
            })]
            : [];

    private static DateTimeOffset? DateOf(YamlMappingNode map, Dictionary<string, string[]> errors)
    {
        var text = Scalar(map, "date") ?? Scalar(map, "published");
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return date.ToUniversalTime();

        errors["date"] = ["Must be an ISO 8601 date or date-time, such as 2025-05-13."];
        return null;
    }

    private static int? Minutes(YamlMappingNode map, Dictionary<string, string[]> errors)
    {
        var text = Scalar(map, "readingMinutes") ?? Scalar(map, "reading_minutes");
        if (text is null)
            return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            return minutes;

        errors["readingMinutes"] = ["Must be a whole number of minutes."];
        return null;
    }
}
