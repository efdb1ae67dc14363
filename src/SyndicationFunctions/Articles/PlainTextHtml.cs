using System.Text;

namespace SyndicationFunctions.Articles;

/// <summary>Turns plain text into HTML: one paragraph per blank-line-separated block, everything escaped.</summary>
public static class PlainTextHtml
{
    public static string FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var html = new StringBuilder(text.Length + (blocks.Length * 8));
        foreach (var block in blocks)
        {
            // Single line breaks inside a paragraph are the publisher's, so they are kept as <br>.
            var lines = block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0)
                continue;
            html.Append("<p>").AppendJoin("<br>", lines.Select(Escape)).Append("</p>");
        }

        return html.ToString();
    }

    /// <summary>Escapes the characters that are markup in HTML text and attributes; all other text stays as given.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
            return text;

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
