using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SyndicationFunctions.Articles;

/// <summary>
/// The slugs of tags and authors, which name their feeds (in URLs and row keys). A slug depends on the name alone,
/// so it never changes: the rules of <see cref="Slug"/> (lower-case ASCII letters, digits and hyphens, accents
/// stripped, <c>Türkiye</c> and <c>TURKIYE</c> alike), and where those rules would lose something (letters of a
/// script they do not transliterate, a name longer than <see cref="MaxLength"/>) a hash of the case-folded name
/// after a double hyphen, which no plain slug contains: <c>Россия 2024</c> → <c>2024--…</c>, <c>経済</c> → <c>x--…</c>.
/// Punctuation separates words, as in section slugs: <c>C++</c> and <c>C</c> share a feed.
/// </summary>
public static class FeedSlug
{
    /// <summary>Tags of one article that get feeds: the first distinct slugs in the article's order.</summary>
    public const int MaxTagFeeds = 8;

    /// <summary>Authors of one article that get feeds: the first distinct slugs in the article's order.</summary>
    public const int MaxAuthorFeeds = 4;

    public const int MaxLength = 80;

    private const int HashLength = 10;

    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = Slug.Create(name);
        if (slug.Length > 0 && slug.Length <= MaxLength && !Slug.DropsLetters(name))
        {
            return slug;
        }

        var folded = Fold(name);
        if (folded.Length == 0)
        {
            return "";
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folded)))[..HashLength];
        var head = Slug.Truncate(slug, MaxLength - HashLength - 2);
        return (head.Length == 0 ? "x" : head) + "--" + hash;
    }

    /// <summary>True when <paramref name="value"/> could be a tag's or author's slug (what a route segment must be).</summary>
    public static bool IsSlug(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-' || value.Contains("---", StringComparison.Ordinal))
        {
            return false;
        }

        return value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
    }

    /// <summary>The tags of <paramref name="article"/> that have feeds, with the name each is spelled with here.</summary>
    public static IReadOnlyList<(string Slug, string Name)> TagsOf(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return FirstDistinct(article.Tags, MaxTagFeeds);
    }

    /// <summary>The authors of <paramref name="article"/> that have feeds, with the name each is spelled with here.</summary>
    public static IReadOnlyList<(string Slug, string Name)> AuthorsOf(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return FirstDistinct(article.Authors.Select(a => a.Name), MaxAuthorFeeds);
    }

    private static List<(string Slug, string Name)> FirstDistinct(IEnumerable<string> names, int max)
        => names.Select(name => (Slug: Of(name), Name: name.Trim()))
            .Where(n => n.Slug.Length > 0)
            .DistinctBy(n => n.Slug, StringComparer.Ordinal)
            .Take(max)
            .ToList();

    /// <summary>The name without case, accents or spacing differences: what the hash is taken of.</summary>
    private static string Fold(string name)
    {
        var text = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
