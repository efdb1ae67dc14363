using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Turns one body in a known format into a normalised, cleaned <see cref="Article"/>.
/// Throws <see cref="ArticleValidationException"/> for anything it cannot read.
/// </summary>
public sealed class ArticleParser(TimeProvider time)
{
    // Built once: the sanitiser's allowlists are immutable after construction, so one instance serves every call.
    private readonly ArticleNormalizer _normalizer = new(new ArticleHtmlCleaner(), time);

    public Article Parse(string body, ArticleFormat format, ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(source);
        return _normalizer.Normalize(Read(body, format), source);
    }

    /// <summary>
    /// Parses a replacement for the article <paramref name="id"/> (PUT): the body may leave the id out,
    /// but may not name another one.
    /// </summary>
    public Article ParseReplacement(string id, string body, ArticleFormat format, ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(source);
        var draft = Read(body, format);
        if (draft.Id is { Length: > 0 } given && !string.Equals(given.Trim(), id, StringComparison.Ordinal))
        {
            throw ArticleValidationException.ForField("id", $"The body's id '{given}' is not the id in the URL, '{id}'.");
        }

        return _normalizer.Normalize(draft with { Id = id }, source);
    }

    /// <summary>The draft a format's reader recovers, before normalisation.</summary>
    public static ArticleDraft Read(string body, ArticleFormat format) => string.IsNullOrWhiteSpace(body)
        ? throw ArticleValidationException.Empty("body")
        : format switch
    {
        ArticleFormat.Json => JsonArticleReader.Read(body),
        ArticleFormat.SeedText => SeedLayoutParser.Read(body),
        ArticleFormat.Markdown => MarkdownArticleReader.Read(body),
        ArticleFormat.Html => HtmlPageReader.Read(body),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown article format."),
    };
}
