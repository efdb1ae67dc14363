using System.Text;
using Microsoft.Extensions.Options;

namespace SyndicationFunctions.Articles;

/// <summary>
/// One display name per section slug. The store keeps the first name given for a slug (capitals, as the scraped
/// layout writes them, in title case) and maps later spellings to it; an operator can pin a name
/// (<c>Syndication__Sections__{slug}</c>), which wins everywhere, also over what is already stored.
/// </summary>
public sealed class SectionNames(IOptions<SyndicationOptions> options)
{
    /// <summary>The operator's name for <paramref name="slug"/>, if one is pinned.</summary>
    public string? Pinned(string slug) => options.Value.PinnedSectionName(slug);

    public string NameOf(string slug, string stored) => Pinned(slug) ?? stored;

    public Article Apply(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Pinned(article.Section.Slug) is { } pinned && pinned != article.Section.Name
            ? article with { Section = new ArticleSection(article.Section.Slug, pinned) }
            : article;
    }

    /// <summary>True for a name with letters and no lower-case letter, such as <c>TÜRKİYE</c>.</summary>
    public static bool IsAllCapitals(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Any(char.IsLetter) && !name.Any(char.IsLower);
    }

    /// <summary>A name as given, except all capitals, which become title case (<c>TÜRKİYE</c> → <c>Türkiye</c>).</summary>
    public static string FromGiven(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsAllCapitals(name))
        {
            return name;
        }

        var text = new StringBuilder(name.Length);
        var startOfWord = true;
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                text.Append((startOfWord ? Rune.ToUpperInvariant(rune) : LowerOf(rune)).ToString());
                startOfWord = false;
            }
            else
            {
                text.Append(rune.ToString());
                startOfWord = !Rune.IsDigit(rune) && rune.Value != '\'' && rune.Value != '’';
            }
        }

        return text.ToString();
    }

    // Dotted capital I is plain "i" in lower case (Türkiye, İstanbul), not "i" with a combining dot.
    private static Rune LowerOf(Rune rune) => rune.Value == 'İ' ? new Rune('i') : Rune.ToLowerInvariant(rune);
}
