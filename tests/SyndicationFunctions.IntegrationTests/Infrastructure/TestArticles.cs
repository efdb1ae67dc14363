using SyndicationFunctions.Articles;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

internal static class TestArticles
{
    public static Article Create(string id, string section, DateTimeOffset published, string? contentHtml = null, string? title = null) => new()
    {
        Id = id,
        Title = title ?? $"Title of {id}",
        Summary = $"Summary of {id}",
        ContentHtml = contentHtml ?? $"<p>Body of {id}.</p>",
        Published = published,
        Updated = published,
        Section = new ArticleSection(section, section.ToUpperInvariant()),
        Tags = ["tag-a", "tag-b"],
        Authors = [new ArticleAuthor("Reporter One")],
        WordCount = 3,
        ReadingMinutes = 1,
        Source = new ArticleSource(ArticleSource.Http),
    };

    /// <summary>A name no other test uses, so tests can share one Azurite.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
