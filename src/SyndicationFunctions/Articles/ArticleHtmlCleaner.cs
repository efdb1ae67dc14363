using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace SyndicationFunctions.Articles;

/// <summary>
/// Sanitises article HTML to an allowlist fit for feeds and readers: text structure, links, images and
/// tables survive; scripts, styles, event handlers, <c>javascript:</c> URLs, forms and embedded frames do not.
/// Relative URLs become absolute when the article's own URL is known. Thread-safe once built.
/// </summary>
public sealed class ArticleHtmlCleaner
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark", "q", "cite",
        "abbr", "code", "pre", "kbd", "time", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
        "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "picture",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    ];

    private static readonly string[] AllowedAttributes =
    [
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "scope", "datetime", "cite", "lang", "dir", "start", "reversed",
    ];

    // Removed with everything inside them: their content is code, controls or foreign documents, never article
    // text. Every other tag outside the allowlist is unwrapped instead, so the text of a <div> or <span> survives.
    private static readonly string[] RemovedWithContent =
    [
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
        "form", "input", "button", "select", "textarea", "option", "svg", "math", "canvas", "audio", "video",
        "source", "track", "link", "meta", "base", "title", "head", "nav", "dialog",
    ];

    private readonly HtmlParser _parser = new();
    private readonly HtmlSanitizer _sanitizer;

    public ArticleHtmlCleaner()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        _sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
    }

    /// <param name="baseUrl">The article's own absolute URL, or null when unknown (relative URLs then stay relative).</param>
    public string Clean(string html, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = _parser.ParseDocument("<!DOCTYPE html><html><body>" + XmlText.RemoveForbiddenCharacters(html));
        var body = document.Body!;
        foreach (var element in body.QuerySelectorAll(string.Join(',', RemovedWithContent)).ToArray())
            element.Remove();

        _sanitizer.SanitizeDom(document, body, baseUrl ?? string.Empty);
        RemoveEmptyParagraphs(body);

        // Entities such as &#1; decode to characters XML forbids, so the output is checked once more.
        return XmlText.RemoveForbiddenCharacters(body.InnerHtml.Trim());
    }

    /// <summary>The visible text of an HTML fragment, for word counts.</summary>
    public string TextOf(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = _parser.ParseDocument("<!DOCTYPE html><html><body>" + html);
        var body = document.Body!;

        // Block boundaries separate words even where the markup has no whitespace between them.
        foreach (var element in body.QuerySelectorAll("p,br,li,h2,h3,h4,h5,h6,td,th,dt,dd,blockquote,figcaption,pre").ToArray())
            element.Append(document.CreateTextNode(" "));

        return body.TextContent;
    }

    private static void RemoveEmptyParagraphs(IElement body)
    {
        foreach (var paragraph in body.QuerySelectorAll("p").ToArray())
        {
            if (string.IsNullOrWhiteSpace(paragraph.TextContent) && paragraph.QuerySelector("img") is null)
                paragraph.Remove();
        }
    }
}
