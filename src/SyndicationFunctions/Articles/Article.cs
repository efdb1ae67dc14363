namespace SyndicationFunctions.Articles;

/// <summary>An article as stored and served: the resource of <c>/api/articles/{id}</c>.</summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public required string ContentHtml { get; init; }
    public string? Url { get; init; }
    public required DateTimeOffset Published { get; init; }
    public required DateTimeOffset Updated { get; init; }
    public required ArticleSection Section { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<ArticleAuthor> Authors { get; init; } = [];
    public ArticleImage? Image { get; init; }
    public IReadOnlyList<RelatedLink> Related { get; init; } = [];
    public string? Language { get; init; }
    public int WordCount { get; init; }
    public int ReadingMinutes { get; init; }
    public required ArticleSource Source { get; init; }
}

public sealed record ArticleSection(string Slug, string Name);

public sealed record ArticleAuthor(string Name, string? Email = null, string? Url = null);

public sealed record ArticleImage(string? Url = null, string? Caption = null, string? Credit = null);

public sealed record RelatedLink(string Title, string? Source = null, string? Url = null);

public sealed record ArticleSource(string Kind, string? Name = null)
{
    public const string Http = "http";
    public const string Blob = "blob";
}
