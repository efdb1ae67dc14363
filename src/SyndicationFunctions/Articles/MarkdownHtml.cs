using Markdig;

namespace SyndicationFunctions.Articles;

/// <summary>Markdown to HTML (CommonMark plus tables, footnotes and the like); the result is sanitised afterwards.</summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    public static string FromMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Markdown.ToHtml(markdown, Pipeline);
    }
}
