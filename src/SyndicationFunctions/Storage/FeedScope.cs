namespace SyndicationFunctions.Storage;

public enum FeedScopeKind
{
    /// <summary>Every article.</summary>
    Every,
    Section,
    Tag,
    Author,
}

/// <summary>
/// Which articles a feed lists: every article, or those of one section, tag or author (by slug). <see cref="Key"/>
/// names it where a string must (WebSub subscriptions, push messages): <c>*</c>, <c>{section}</c>,
/// <c>tag:{slug}</c>, <c>author:{slug}</c>; a section slug holds no <c>:</c>, so they never collide.
/// </summary>
public sealed record FeedScope(FeedScopeKind Kind, string? Slug)
{
    private const string EveryKey = "*";
    private const string TagPrefix = "tag:";
    private const string AuthorPrefix = "author:";

    public static FeedScope Every { get; } = new(FeedScopeKind.Every, null);

    public static FeedScope OfSection(string slug) => new(FeedScopeKind.Section, slug);

    public static FeedScope OfTag(string slug) => new(FeedScopeKind.Tag, slug);

    public static FeedScope OfAuthor(string slug) => new(FeedScopeKind.Author, slug);

    /// <summary>A section's feed, or (null) the feed of every article.</summary>
    public static FeedScope OfSectionOrEvery(string? section) => section is null ? Every : OfSection(section);

    /// <summary>The section slug, when this is a section's feed.</summary>
    public string? Section => Kind == FeedScopeKind.Section ? Slug : null;

    public string Key => Kind switch
    {
        FeedScopeKind.Every => EveryKey,
        FeedScopeKind.Tag => TagPrefix + Slug,
        FeedScopeKind.Author => AuthorPrefix + Slug,
        _ => Slug!,
    };

    public static FeedScope ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key == EveryKey ? Every
            : key.StartsWith(TagPrefix, StringComparison.Ordinal) ? OfTag(key[TagPrefix.Length..])
            : key.StartsWith(AuthorPrefix, StringComparison.Ordinal) ? OfAuthor(key[AuthorPrefix.Length..])
            : OfSection(key);
    }

    public override string ToString() => Key;
}
