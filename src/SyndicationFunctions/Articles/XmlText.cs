using System.Text;

namespace SyndicationFunctions.Articles;

/// <summary>
/// Removes the characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE and U+FFFF).
/// Every stored text ends up in RSS and Atom, where one such character makes the whole feed invalid.
/// </summary>
public static class XmlText
{
    public static string RemoveForbiddenCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text))
            return text;

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsAllowedSingle(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (!IsAllowedSingle(c))
                return false;
        }

        return true;
    }

    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] (pairs handled above).
    private static bool IsAllowedSingle(char c)
        => c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
