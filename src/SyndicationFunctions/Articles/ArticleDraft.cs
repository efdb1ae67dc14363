namespace SyndicationFunctions.Articles;

/// <summary>How the body of a draft is written; the normaliser turns each kind into sanitised HTML.</summary>
public enum DraftBodyKind
{
    Html,
    Text,
    Markdown,
}

/// <summary>The body as a reader found it, before cleaning.</summary>
/// <param name="Field">The input field it came from, so validation errors name what the publisher sent.</param>
public sealed record DraftBody(DraftBodyKind Kind, string Content, string Field);

/// <summary>
/// What a format reader recovered from one input, before any cleaning or validation.
/// Every member is as the publisher gave it (or absent); <see cref="ArticleNormalizer"/> decides what is valid.
/// </summary>
public sealed record ArticleDraft
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public DraftBody? Body { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? Published { get; init; }
    public string? Section { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<ArticleAuthor> Authors { get; init; } = [];
    public ArticleImage? Image { get; init; }
    public IReadOnlyList<RelatedLink> Related { get; init; } = [];
    public string? Language { get; init; }

    /// <summary>The reading time the source states, if it states one; otherwise it is computed from the words.</summary>
    public int? ReadingMinutes { get; init; }
}
