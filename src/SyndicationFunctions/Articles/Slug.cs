using System.Globalization;
using System.Text;

namespace SyndicationFunctions.Articles;

/// <summary>
/// URL-safe, lower-case ASCII slugs: accents are stripped (São Tomé → sao-tome) and letters that do not
/// decompose are transliterated (İstanbul → istanbul, Straße → strasse). Letters of scripts without a
/// transliteration here are dropped, so a slug may come out empty; callers decide the fallback.
/// </summary>
public static class Slug
{
    private static readonly Dictionary<char, string> Transliterations = new()
    {
        ['ı'] = "i", ['İ'] = "i", ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae",
        ['œ'] = "oe", ['Œ'] = "oe", ['ø'] = "o", ['Ø'] = "o", ['đ'] = "d", ['Đ'] = "d",
        ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th", ['ł'] = "l", ['Ł'] = "l",
        ['ħ'] = "h", ['Ħ'] = "h", ['ŧ'] = "t", ['Ŧ'] = "t", ['&'] = " and ",
    };

    /// <summary>True when <paramref name="value"/> is already a slug (what a section route segment must be).</summary>
    public static bool IsSlug(string value)
        => !string.IsNullOrEmpty(value) && value.Length <= 100 && Create(value) == value;

    public static string Create(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var decomposed = Decompose(text);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                continue;

            // Apostrophes join rather than split: "Putin's" → "putins".
            if (c is '\'' or '’' or 'ʼ')
                continue;

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && slug.Length > 0)
                    slug.Append('-');
                pendingHyphen = false;
                slug.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return slug.ToString();
    }

    /// <summary>
    /// True when <see cref="Create"/> drops a letter or digit of <paramref name="text"/> (one of a script it does not
    /// transliterate), so two different names could come out as the same slug.
    /// </summary>
    public static bool DropsLetters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in Decompose(text))
        {
            if (char.IsLetterOrDigit(c) && !char.IsAscii(c))
                return true;
        }

        return false;
    }

    private static string Decompose(string text)
    {
        var transliterated = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Transliterations.TryGetValue(c, out var replacement))
                transliterated.Append(replacement);
            else
                transliterated.Append(c);
        }

        return transliterated.ToString().Normalize(NormalizationForm.FormKD);
    }

    /// <summary>
    /// Shortens a hyphenated slug to at most <paramref name="maxLength"/> characters, cutting at a hyphen so
    /// no word is broken; a single word longer than the limit is cut hard. <paramref name="keep"/> is a prefix
    /// the cut must not eat into (the date of an id).
    /// </summary>
    public static string Truncate(string slug, int maxLength, int keep = 0)
    {
        ArgumentNullException.ThrowIfNull(slug);
        if (slug.Length <= maxLength)
            return slug;

        // A hyphen right after the limit means the first maxLength characters end on a whole word.
        var cut = slug[maxLength] == '-' ? maxLength : slug.LastIndexOf('-', maxLength - 1);
        if (cut <= keep)
            cut = maxLength;

        return slug[..cut].TrimEnd('-');
    }
}
