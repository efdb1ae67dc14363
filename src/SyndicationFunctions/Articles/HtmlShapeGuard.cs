namespace SyndicationFunctions.Articles;

/// <summary>
/// A single linear pass over HTML, before any parser builds a tree from it, that refuses the shapes which
/// make tree builders and sanitisers work far more than linearly (or recurse out of stack): elements
/// nested deeper than <see cref="ArticleLimits.HtmlDepth"/>, more than <see cref="ArticleLimits.HtmlElements"/>
/// elements, and elements with more than <see cref="ArticleLimits.HtmlAttributesPerElement"/> attributes. Nesting is estimated as an HTML tree
/// builder would see it: void and raw-text elements hold nothing, an open <c>p</c>, <c>li</c>, <c>td</c>...
/// is closed by the next one of its kind, and a block element closes an open paragraph.
/// </summary>
public static class HtmlShapeGuard
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr",
    };

    // Their content is text up to their own end tag, never elements.
    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    };

    // An open element of the same name is closed by the next start tag (optional end tags).
    private static readonly HashSet<string> ClosedBySibling = new(StringComparer.Ordinal)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp", "rtc", "colgroup", "caption",
    };

    // Start tags that close an open paragraph.
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "pre",
        "section", "table", "ul", "dd", "dt", "li",
    };

    // Where the search for an implicitly closed sibling stops: a new list, table or block starts a new scope.
    private static readonly HashSet<string> ScopeBoundaries = new(StringComparer.Ordinal)
    {
        "html", "body", "table", "td", "th", "caption", "ul", "ol", "dl", "select", "div", "blockquote", "article",
        "section", "template", "object", "marquee", "applet", "button", "figure", "main",
    };

    /// <summary>Throws <see cref="ArticleValidationException"/> (for <paramref name="field"/>) naming the limit passed.</summary>
    /// <param name="maxDepth">How deep elements may nest: <see cref="ArticleLimits.HtmlDepth"/> unless the source calls for less.</param>
    /// <param name="maxElements">How many elements there may be: <see cref="ArticleLimits.HtmlElements"/> unless the source calls for less.</param>
    public static void EnsureWithinLimits(string html, string field, int maxDepth = ArticleLimits.HtmlDepth, int maxElements = ArticleLimits.HtmlElements)
    {
        ArgumentNullException.ThrowIfNull(html);
        var open = new List<string>();
        var elements = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            var next = html[i + 1];
            if (html.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0)
                    return;
                i = end + 3;
                continue;
            }

            if (next is '!' or '?')
            {
                var end = html.IndexOf('>', i + 2);
                if (end < 0)
                    return;
                i = end + 1;
                continue;
            }

            var closing = next == '/';
            var nameStart = closing ? i + 2 : i + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i++;
                continue;
            }

            var p = nameStart;
            while (p < html.Length && !EndsName(html[p]))
                p++;
            var name = html[nameStart..p].ToLowerInvariant();
            p = SkipAttributes(html, p, field, name);
            if (!closing && ++elements > maxElements)
            {
                throw ArticleValidationException.ForField(field,
                    $"The HTML holds more than {maxElements} elements; send less markup.");
            }

            if (closing)
            {
                var at = open.LastIndexOf(name);
                if (at >= 0)
                    open.RemoveRange(at, open.Count - at);
                i = p;
                continue;
            }

            if (VoidElements.Contains(name))
            {
                i = p;
                continue;
            }

            if (name == "plaintext")
                return;

            if (RawTextElements.Contains(name))
            {
                var end = html.IndexOf("</" + name, p, StringComparison.OrdinalIgnoreCase);
                if (end < 0)
                    return;
                i = end;
                continue;
            }

            if (ClosedBySibling.Contains(name))
                CloseOpen(open, name);
            if (ClosesParagraph.Contains(name))
                CloseOpen(open, "p");

            open.Add(name);
            if (open.Count > maxDepth)
            {
                throw ArticleValidationException.ForField(field,
                    $"The HTML nests elements more than {maxDepth} deep (<{name}> inside {open.Count - 1} open elements); flatten it.");
            }

            i = p;
        }
    }

    /// <summary>Skips a tag's attributes up to and past its '>', counting them; returns the index after the tag.</summary>
    private static int SkipAttributes(string html, int p, string field, string name)
    {
        var attributes = 0;
        while (p < html.Length)
        {
            while (p < html.Length && (char.IsWhiteSpace(html[p]) || html[p] == '/'))
                p++;
            if (p >= html.Length)
                return p;
            if (html[p] == '>')
                return p + 1;

            if (++attributes > ArticleLimits.HtmlAttributesPerElement)
            {
                throw ArticleValidationException.ForField(field,
                    $"An HTML <{(name.Length > 20 ? name[..20] : name)}> element has more than {ArticleLimits.HtmlAttributesPerElement} attributes.");
            }

            // The name (an '=' as its first character belongs to it, as in HTML's tokenizer).
            p++;
            while (p < html.Length && !char.IsWhiteSpace(html[p]) && html[p] is not ('=' or '>' or '/'))
                p++;
            while (p < html.Length && char.IsWhiteSpace(html[p]))
                p++;
            if (p >= html.Length || html[p] != '=')
                continue;

            p++;
            while (p < html.Length && char.IsWhiteSpace(html[p]))
                p++;
            if (p < html.Length && html[p] is '"' or '\'')
            {
                var end = html.IndexOf(html[p], p + 1);
                p = end < 0 ? html.Length : end + 1;
            }
            else
            {
                while (p < html.Length && !char.IsWhiteSpace(html[p]) && html[p] != '>')
                    p++;
            }
        }

        return p;
    }

    /// <summary>Closes the nearest open <paramref name="name"/> within the current scope, with what is open inside it.</summary>
    private static void CloseOpen(List<string> open, string name)
    {
        for (var at = open.Count - 1; at >= 0; at--)
        {
            if (open[at] == name)
            {
                open.RemoveRange(at, open.Count - at);
                return;
            }

            if (ScopeBoundaries.Contains(open[at]))
                return;
        }
    }

    private static bool EndsName(char c) => char.IsWhiteSpace(c) || c is '/' or '>';
}
