using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SyndicationFunctions.Articles;

/// <summary>Article ids: the ones publishers give are checked, the others are made from the date and title.</summary>
public static partial class ArticleId
{
    /// <summary>
    /// ASCII letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 100 characters.
    /// Why this strict: ids are Table Storage keys (which forbid / \ # ? and control characters) and path
    /// segments of /api/articles/{id} and of feed item links. RFC 3986 "unreserved" characters need no
    /// percent-encoding anywhere, so the id a publisher sends is the id they can GET; requiring a letter or
    /// digit at both ends rules out "." and "..", which URL resolution would swallow, and ASCII only rules
    /// out look-alike ids that differ by Unicode normalisation.
    /// </summary>
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PublisherIdPattern();

    public static bool IsValid(string id) => id.Length <= ArticleLimits.IdLength && PublisherIdPattern().IsMatch(id);

    /// <summary>
    /// <c>{published yyyy-MM-dd}-{slug of title}</c>, at most 100 characters, cut at a hyphen. A title with
    /// nothing to slug (only symbols, or a script the slug does not transliterate) gets a short hash of the
    /// title instead, so the id is still stable for the same input.
    /// </summary>
    public static string FromTitle(DateTimeOffset published, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var date = published.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var slug = Slug.Create(title);
        if (slug.Length == 0)
            slug = ShortHash(title);

        return Slug.Truncate($"{date}-{slug}", ArticleLimits.IdLength, keep: date.Length);
    }

    internal static string ShortHash(string text)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
