namespace SyndicationFunctions.Articles;

/// <summary>
/// Input a client sent that cannot become an article. Mapped to a 400 problem+json whose
/// <c>errors</c> member carries <see cref="Errors"/> (field name to messages).
/// </summary>
public sealed class ArticleValidationException(string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static ArticleValidationException ForField(string field, string message)
        => new(message, new Dictionary<string, string[]> { [field] = [message] });
}
