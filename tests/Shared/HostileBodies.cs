using System.Text;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Testing;

/// <summary>
/// Bodies a hostile (or broken) publisher can send, each filling a size budget, and a normal article of
/// each format at the same size to compare them with. Shared by the hostile-input tests and the benchmark.
/// </summary>
public static class HostileBodies
{
    public const int OneMiB = 1024 * 1024;

    /// <param name="Name">A short name for reports and test names.</param>
    /// <param name="Format">How the body is read.</param>
    /// <param name="Build">Builds the body at (about, never over) the given size in UTF-8 bytes.</param>
    public sealed record Shape(string Name, ArticleFormat Format, Func<int, string> Build)
    {
        public override string ToString() => Name;
    }

    private const string Sentence = "The harbour reopened on Monday after three weeks of repairs, and the first ships came in on the morning tide. ";

    /// <summary>A well-formed article of each format, the yardstick for the hostile ones.</summary>
    public static IReadOnlyList<Shape> Normal { get; } =
    [
        new("normal-html", ArticleFormat.Html, size => Fill(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Harbour reopens</title><meta name=\"description\" content=\"Ships return.\"><meta property=\"article:section\" content=\"World\"></head><body><article><h1>Harbour reopens</h1>",
            i => $"<p>{Sentence}<a href=\"https://news.example.org/{i}\">More</a> <em>{i}</em>.</p>\n",
            "</article></body></html>", size)),
        new("normal-markdown", ArticleFormat.Markdown, size => Fill(
            "---\ntitle: Harbour reopens\ndate: 2025-06-01\nsection: World\ntags: [shipping, ports]\n---\n",
            i => $"{Sentence}[More](https://news.example.org/{i}) and *{i}*.\n\n",
            "", size)),
        new("normal-json", ArticleFormat.Json, size => Fill(
            "{\"title\":\"Harbour reopens\",\"published\":\"2025-06-01T08:00:00Z\",\"section\":\"World\",\"contentHtml\":\"",
            i => $"<p>{Sentence}<a href=\\\"https://news.example.org/{i}\\\">More</a> {i}.</p>",
            "\"}", size)),
        new("normal-seed", ArticleFormat.SeedText, size => Fill(
            "date 2025-06-01 WORLD\n2 min read\nHarbour reopens\nShips return after repairs.\nHarbour reopens\nThe harbour at dawn / AA\n1 June 2025\n\n",
            i => $"{Sentence}{i}.\n\n",
            "", size)),
    ];

    /// <summary>Shapes that have made parsers work far more than linearly, or fall over.</summary>
    public static IReadOnlyList<Shape> Hostile { get; } =
    [
        // HTML: nesting, attributes, unclosed constructs, one huge token.
        new("html-nested-div", ArticleFormat.Html, size => Page(Repeat("<div>", size - 200))),
        // As deep and as many elements as the limits let through (250 levels, 39,000 elements).
        new("html-nested-at-the-limit", ArticleFormat.Html, size => Page(UpToElements(NestedBlock("div", 250), 250, size - 200))),
        new("html-inline-at-the-limit", ArticleFormat.Html, size => Page(UpToElements(NestedBlock("b", 250), 250, size - 200))),
        new("html-nested-inline", ArticleFormat.Html, size => Page(Repeat("<b><i>", size - 200))),
        new("html-nested-table", ArticleFormat.Html, size => Page(Repeat("<table><tr><td>", size - 200))),
        new("html-unclosed-p-and-li", ArticleFormat.Html, size => Page(Repeat("<p>a<li>b", size - 200))),
        new("html-many-attributes", ArticleFormat.Html, size => Page("<p " + Repeat("a=1 ", size - 210) + ">x</p>")),
        new("html-many-distinct-attributes", ArticleFormat.Html, size => Page("<p " + Numbered(i => $"a{i}=1 ", size - 210) + ">x</p>")),
        new("html-unclosed-comment", ArticleFormat.Html, size => Page("<!--" + Repeat("a", size - 210))),
        new("html-one-character", ArticleFormat.Html, size => Repeat("a", size)),
        new("html-many-meta", ArticleFormat.Html, size => "<html><head>" + Repeat("<meta name=x content=y>", size - 100) + "</head><body><p>x</p></body></html>"),
        new("html-nested-json-ld", ArticleFormat.Html, size => "<html><head><script type=\"application/ld+json\">" + Repeat("[", size - 200) + "</script></head><body><p>x</p></body></html>"),
        new("html-many-json-ld", ArticleFormat.Html, size => "<html><head>" + Repeat("<script type=\"application/ld+json\">[]</script>", size - 100) + "</head><body><p>x</p></body></html>"),

        // Markdown: nesting, delimiter runs, front matter that expands.
        new("markdown-nested-quotes", ArticleFormat.Markdown, size => "# T\n\n" + Repeat(">", size - 10) + " x\n"),
        new("markdown-nested-lists", ArticleFormat.Markdown, size => "# T\n\n" + Numbered(i => new string(' ', Math.Min(i, 200) * 2) + "- x\n", size - 10)),
        new("markdown-nested-list-markers", ArticleFormat.Markdown, size => "# T\n\n" + Repeat("- ", size - 10) + "x\n"),
        new("markdown-brackets", ArticleFormat.Markdown, size => "# T\n\n" + Repeat("[", size - 10)),
        new("markdown-emphasis-runs", ArticleFormat.Markdown, size => "# T\n\n" + Repeat("*a_", size - 10)),
        new("markdown-backticks", ArticleFormat.Markdown, size => "# T\n\n" + Numbered(i => new string('`', (i % 50) + 1) + "a", size - 10)),
        new("markdown-inline-html", ArticleFormat.Markdown, size => "# T\n\n" + Repeat("<div>", size - 10)),
        new("markdown-one-character", ArticleFormat.Markdown, size => Repeat("a", size)),
        new("markdown-no-newline", ArticleFormat.Markdown, size => "# T " + Repeat("word ", size - 10)),
        new("yaml-alias-bomb", ArticleFormat.Markdown, size => "---\n" + AliasBomb() + "title: x\n---\n" + Repeat("body ", size - 2000)),
        new("yaml-many-aliases", ArticleFormat.Markdown, size => "---\na: &a x\ntags: [" + Repeat("*a,", size - 100) + "*a]\ntitle: t\n---\nbody\n"),
        new("yaml-nested-flow", ArticleFormat.Markdown, size => "---\ntitle: t\nx: " + Repeat("[", size - 100) + "\n---\nbody\n"),
        new("yaml-huge-scalar", ArticleFormat.Markdown, size => "---\ntitle: " + Repeat("a", size - 100) + "\n---\nbody\n"),
        new("yaml-unclosed-front-matter", ArticleFormat.Markdown, size => "---\n" + Repeat("a: b\n", size - 10)),

        // JSON: nesting, and hostile HTML inside an otherwise valid article.
        new("json-nested-arrays", ArticleFormat.Json, size => "{\"title\":\"t\",\"x\":" + Repeat("[", size - 100) + "}"),
        new("json-nested-html", ArticleFormat.Json, size => "{\"title\":\"t\",\"published\":\"2025-06-01T08:00:00Z\",\"contentHtml\":\"" + Repeat("<div>", size - 200) + "\"}"),
        new("json-many-tags", ArticleFormat.Json, size => "{\"title\":\"t\",\"contentText\":\"x\",\"tags\":[" + Repeat("\"a\",", size - 100) + "\"a\"]}"),
        new("json-escapes", ArticleFormat.Json, size => "{\"title\":\"t\",\"contentText\":\"" + Repeat("\\u0001", size - 100) + "\"}"),

        // The seed layout: one huge line, lines built to make a pattern backtrack.
        new("seed-one-line", ArticleFormat.SeedText, size => "date 2025-06-01 WORLD\n" + Repeat("a", size - 30)),
        new("seed-caption-spaces", ArticleFormat.SeedText, size => "date 2025-06-01 WORLD\n2 min read\nTitle\nStandfirst\nTitle\n" + Repeat(" /", size - 100) + "a\n\nBody.\n"),
        new("seed-related-spaces", ArticleFormat.SeedText, size => "date 2025-06-01 WORLD\nTitle\nStandfirst\n\nBody.\n\nRelated" + Repeat(" -", size - 100) + "x\n"),
        new("seed-header-spaces", ArticleFormat.SeedText, size => "date 2025-06-01" + Repeat(" \t", size - 100) + "x\nTitle\nBody\n"),
        new("seed-many-lines", ArticleFormat.SeedText, size => "date 2025-06-01 WORLD\nTitle\nStandfirst\n\n" + Repeat("a\n", size - 100)),
    ];

    /// <summary>
    /// Markdown bodies nested as deeply as the per-line limits let through, for one article of a batch: quotes and list
    /// markers, lists nested by indentation, emphasis and links inside each other. A batch of them, against a batch of
    /// <see cref="NormalMarkdownBody"/> of the same size, is what a hostile importer sends.
    /// </summary>
    public static IReadOnlyList<(string Name, Func<int, string> Build)> NestedMarkdown { get; } =
    [
        ("quotes", size => Repeat(string.Concat(Enumerable.Repeat("> ", 32)) + "x\n\n", size)),
        ("quotes-and-lists", size => Repeat(string.Concat(Enumerable.Repeat("> - ", 16)) + "x\n\n", size)),
        ("list-markers", size => Repeat(string.Concat(Enumerable.Repeat("- ", 32)) + "x\n", size)),
        ("indented-lists", size => Numbered(i => new string(' ', i * 2) + "- x\n", size)),
        ("indented-quotes-in-lists", size => Numbered(i => new string(' ', i * 2) + "- > x\n", size)),
        ("emphasis", size => Repeat(Nest(64, "*a ", " a*") + "\n\n", size)),
        ("mixed-emphasis", size => Repeat(Nest(32, "*_a ", " a_*") + "\n\n", size)),
        ("links", size => Repeat(Nest(32, "[a ", " a](https://e.example/)") + "\n\n", size)),
        ("headings-in-quotes", size => Repeat(string.Concat(Enumerable.Repeat("> ", 31)) + "## x\n\n", size)),
        // As dense in elements as the rendered-size and depth bounds let through.
        ("quotes-at-the-limits", size => Repeat(string.Concat(Enumerable.Repeat("> ", 8)) + new string('q', 86) + "\n\n", size)),
        ("list-markers-at-the-limits", size => Repeat(string.Concat(Enumerable.Repeat("- ", 8)) + new string('l', 78) + "\n", size)),
        ("emphasis-at-the-limits", size => Repeat(Nest(Articles.ArticleLimits.MarkdownHtmlDepth / 2 - 1, "*_a ", " a_*") + "\n\n", size)),
        // One element per 16 characters, the densest the element bound lets through: short table cells, and nested emphasis with text.
        ("table-at-the-limits", size => "| a | b | c |\n|---|---|---|\n" + Repeat("| aaaaaaaaaaa | bbbbbbbbbbbb | cccccccccccc |\n", size - 40)),
        ("emphasis-with-text-at-the-limits", size => Repeat(Nest(7, "*_" + new string('a', 16) + " ", " " + new string('a', 16) + "_*") + "\n\n", size)),
    ];

    /// <summary>The Markdown of a normal article body (prose, links, emphasis) at about <paramref name="size"/> bytes.</summary>
    public static string NormalMarkdownBody(int size) => Fill("", i => $"{Sentence}[More](https://news.example.org/{i}) and *{i}*.\n\n", "", size);

    /// <summary>
    /// An NDJSON batch of <paramref name="lines"/> articles whose Markdown bodies <paramref name="body"/> builds, each
    /// line about <paramref name="size"/> bytes / <paramref name="lines"/>.
    /// </summary>
    public static string NdjsonBatch(Func<int, string> body, int lines, int size)
    {
        ArgumentNullException.ThrowIfNull(body);
        var perLine = size / lines - 200;
        return string.Join('\n', Enumerable.Range(0, lines).Select(i =>
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["id"] = $"batch-{i}",
                ["title"] = $"Harbour reopens {i}",
                ["published"] = "2025-06-01T08:00:00Z",
                ["section"] = "World",
                ["contentMarkdown"] = body(perLine),
            })));
    }

    private static string Nest(int depth, string open, string close)
        => string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));

    /// <summary>Nine levels of nine aliases each: a billion leaves if anything expands it.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            var previous = $"*l{level - 1}";
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(previous, 9))}]\n");
        }

        return yaml.ToString();
    }

    private static string NestedBlock(string tag, int depth)
        => string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + "x" + string.Concat(Enumerable.Repeat($"</{tag}>", depth));

    /// <summary>Blocks of <paramref name="perBlock"/> elements each, up to 39,000 elements or <paramref name="size"/> bytes.</summary>
    private static string UpToElements(string block, int perBlock, int size) => Repeat(block, Math.Min(size, 39_000 / perBlock * block.Length));

    private static string Page(string body) => "<!DOCTYPE html><html><head><title>T</title><meta property=\"article:section\" content=\"World\"></head><body><article>" + body + "</article></body></html>";

    /// <summary><paramref name="unit"/> repeated to fill <paramref name="size"/> bytes (ASCII units).</summary>
    public static string Repeat(string unit, int size)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var text = new StringBuilder(size);
        while (text.Length + unit.Length <= size)
        {
            text.Append(unit);
        }

        return text.ToString();
    }

    private static string Numbered(Func<int, string> unit, int size)
    {
        var text = new StringBuilder(size);
        for (var i = 0; ; i++)
        {
            var next = unit(i);
            if (text.Length + next.Length > size)
            {
                return text.ToString();
            }

            text.Append(next);
        }
    }

    private static string Fill(string head, Func<int, string> unit, string tail, int size)
    {
        var text = new StringBuilder(head, size);
        for (var i = 0; ; i++)
        {
            var next = unit(i);
            // Every unit is ASCII: characters are bytes.
            if (text.Length + next.Length + tail.Length > size)
            {
                break;
            }

            text.Append(next);
        }

        return text.Append(tail).ToString();
    }
}
