using Markdig;

namespace SyndicationFunctions.Articles;

/// <summary>Markdown to HTML (CommonMark plus tables, footnotes and the like); the result is sanitised afterwards.</summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    /// <param name="field">The input field named in the error when the Markdown nests too deeply.</param>
    public static string FromMarkdown(string markdown, string field = "contentMarkdown")
    {
        ArgumentNullException.ThrowIfNull(markdown);
        EnsureLinesNestShallowly(markdown, field);
        string html;
        try
        {
            html = Markdown.ToHtml(markdown, Pipeline);
        }
        catch (ArgumentException ex) when (ex.Message.Contains("depth limit", StringComparison.OrdinalIgnoreCase))
        {
            // Markdig stops at its own nesting limit (quotes, lists, brackets) rather than recursing on.
            throw ArticleValidationException.ForField(field, "The Markdown nests quotes, lists or brackets too deeply; flatten it.");
        }

        EnsureRenderedWithinBounds(markdown, html, field);
        return html;
    }

    /// <summary>
    /// Bounds the sanitiser's work by what the Markdown's own size pays for. Nested quotes, list markers and emphasis
    /// pass the per-line check yet render to many times their size in HTML, and many more elements per character than
    /// prose: each costs the sanitiser far more per byte sent. So the HTML may be at most
    /// <see cref="ArticleLimits.MarkdownExpansion"/> times as long, hold one element per
    /// <see cref="ArticleLimits.MarkdownCharactersPerElement"/> characters and nest <see cref="ArticleLimits.MarkdownHtmlDepth"/>
    /// deep (each with a small allowance so short bodies are never refused for it).
    /// </summary>
    private static void EnsureRenderedWithinBounds(string markdown, string html, string field)
    {
        var allowed = (long)ArticleLimits.MarkdownExpansion * markdown.Length + ArticleLimits.MarkdownExpansionAllowance;
        if (html.Length > allowed)
        {
            throw ArticleValidationException.ForField(field,
                $"The Markdown renders to {html.Length} characters of HTML, more than {ArticleLimits.MarkdownExpansion} times its own {markdown.Length}: it nests quotes, lists or emphasis too deeply; flatten it.");
        }

        var elements = (int)Math.Min(ArticleLimits.HtmlElements, markdown.Length / ArticleLimits.MarkdownCharactersPerElement + ArticleLimits.MarkdownElementAllowance);
        try
        {
            HtmlShapeGuard.EnsureWithinLimits(html, field, ArticleLimits.MarkdownHtmlDepth, elements);
        }
        catch (ArticleValidationException ex)
        {
            throw ArticleValidationException.ForField(field,
                $"The Markdown nests or repeats quotes, lists or emphasis too densely; flatten it. {ex.Message} (Markdown may render at most {ArticleLimits.MarkdownHtmlDepth} levels deep, and one element per {ArticleLimits.MarkdownCharactersPerElement} characters.)");
        }
    }

    /// <summary>
    /// Counts the block quotes and list markers each line opens (<c>&gt; - 1. * +</c> before the text), in one
    /// pass: Markdig reaches its own depth limit too, but only after work that grows with the nesting.
    /// </summary>
    private static void EnsureLinesNestShallowly(string markdown, string field)
    {
        var line = 1;
        var i = 0;
        while (i < markdown.Length)
        {
            var markers = 0;
            while (i < markdown.Length)
            {
                while (i < markdown.Length && markdown[i] is ' ' or '\t')
                    i++;
                var start = i;
                if (i < markdown.Length && markdown[i] == '>')
                    i++;
                else if (i + 1 < markdown.Length && markdown[i] is '-' or '*' or '+' && markdown[i + 1] is ' ' or '\t')
                    i += 2;
                else
                {
                    var digits = i;
                    while (digits < markdown.Length && digits - i < 9 && char.IsAsciiDigit(markdown[digits]))
                        digits++;
                    if (digits > i && digits + 1 < markdown.Length && markdown[digits] is '.' or ')' && markdown[digits + 1] is ' ' or '\t')
                        i = digits + 2;
                }

                if (i == start)
                    break;
                if (++markers > ArticleLimits.MarkdownLineNesting)
                {
                    throw ArticleValidationException.ForField(field,
                        $"Line {line} of the Markdown body (after any front matter) opens more than {ArticleLimits.MarkdownLineNesting} quotes or list items; flatten it.");
                }
            }

            var end = markdown.IndexOf('\n', i);
            i = end < 0 ? markdown.Length : end + 1;
            line++;
        }
    }
}
