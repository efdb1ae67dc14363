namespace SyndicationFunctions.Articles;

/// <summary>
/// Input a client sent that cannot become an article. Mapped to a 400 problem+json whose
/// <c>errors</c> member carries <see cref="Errors"/> (field name to messages).
/// </summary>
public sealed class ArticleValidationException(string detail, IReadOnlyDictionary<string, string[]>? errors = null, string? title = null)
    : Exception(detail)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>The problem's title when it is not "the article is not valid" (a bad query parameter, an empty body).</summary>
    public string? Title { get; } = title;

    public static ArticleValidationException ForField(string field, string message)
        => new(message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A query parameter the route cannot use: titled as a bad request, not as an invalid article.</summary>
    public static ArticleValidationException ForQuery(string parameter, string message)
        => new(message, new Dictionary<string, string[]> { [parameter] = [message] }, $"The query parameter '{parameter}' is not valid.");

    /// <summary>A body (or inbox file) with nothing in it.</summary>
    public static ArticleValidationException Empty(string what)
        => new($"The {what} is empty: send an article.", null, $"The {what} is empty.");
}
