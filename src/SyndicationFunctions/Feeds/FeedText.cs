using System.Text;
using System.Xml;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// Makes any stored text safe to put in a feed. Ingestion already cleans content, but the writers must
/// never throw or emit an invalid document whatever reached storage, and all three formats must carry
/// exactly the same text, so the same cleaning is applied to RSS, Atom and JSON Feed alike.
/// </summary>
internal static class FeedText
{
    /// <summary>
    /// Removes characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF), the C1 controls
    /// it discourages, and turns CR LF / CR into LF (an XML parser would do the latter anyway, so the JSON
    /// Feed says the same as the XML feeds).
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;
        if (!NeedsCleaning(value))
            return value;

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < value.Length && value[i + 1] == '\n')
                    i++;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], c))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (IsKept(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Cleans and trims; null when nothing is left.</summary>
    public static string? CleanOrNull(string? value)
    {
        var cleaned = Clean(value).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Escapes plain text for a field that feed readers treat as HTML (RSS description).</summary>
    public static string AsHtml(string plainText)
        => plainText.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static bool NeedsCleaning(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r')
                return true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], c))
            {
                i++;
                continue;
            }
            if (!IsKept(c))
                return true;
        }
        return false;
    }

    private static bool IsKept(char c)
        => XmlConvert.IsXmlChar(c) && !(c >= '\u007F' && c <= '\u009F');
}
