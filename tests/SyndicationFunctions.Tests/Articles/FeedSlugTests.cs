using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class FeedSlugTests
{
    [Theory]
    [InlineData("Economy", "economy")]
    [InlineData("Türkiye", "turkiye")]
    [InlineData("TÜRKİYE", "turkiye")]
    [InlineData("São Tomé", "sao-tome")]
    [InlineData("  Jane   Doe ", "jane-doe")]
    [InlineData("Anne-Marie O’Neil", "anne-marie-oneil")]
    public void Of_LatinName_IsTheSectionSlugRule(string name, string slug)
        => Assert.Equal(slug, FeedSlug.Of(name));

    [Theory]
    [InlineData("Economy", "ECONOMY")]
    [InlineData("Türkiye", "turkiye")]
    [InlineData("Россия 2024", "РОССИЯ  2024")]
    [InlineData("経済", "経済")]
    [InlineData("Ελλάδα", "ΕΛΛΆΔΑ")]
    public void Of_SameNameInOtherCaseOrAccents_SameSlug(string one, string other)
        => Assert.Equal(FeedSlug.Of(one), FeedSlug.Of(other));

    [Theory]
    [InlineData("Россия 2024", "Украина 2024")]
    [InlineData("経済", "政治")]
    [InlineData("Economy", "Economics")]
    public void Of_DifferentNames_DifferentSlugs(string one, string other)
        => Assert.NotEqual(FeedSlug.Of(one), FeedSlug.Of(other));

    [Theory]
    [InlineData("経済")]
    [InlineData("Россия 2024")]
    [InlineData("Ελλάδα")]
    [InlineData("!!!")]
    public void Of_NameWithLettersNoSlugKeeps_StableHashedSlugThatIsValid(string name)
    {
        var slug = FeedSlug.Of(name);

        Assert.Contains("--", slug, StringComparison.Ordinal);
        Assert.True(FeedSlug.IsSlug(slug), slug);
        Assert.Equal(slug, FeedSlug.Of(name));
        Assert.Matches("^[a-z0-9-]+$", slug);
    }

    [Fact]
    public void Of_KnownValue_NeverChanges()
        // Slugs name feeds readers are subscribed to: this value may never change.
        => Assert.Equal("x--" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("経済"u8))[..10], FeedSlug.Of("経済"));

    [Fact]
    public void Of_VeryLongName_CutWithHashWithinLimit()
    {
        var name = string.Join(' ', Enumerable.Repeat("word", 40));
        var other = name + " more";

        Assert.InRange(FeedSlug.Of(name).Length, 1, FeedSlug.MaxLength);
        Assert.NotEqual(FeedSlug.Of(name), FeedSlug.Of(other));
        Assert.True(FeedSlug.IsSlug(FeedSlug.Of(name)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Of_NothingToName_Empty(string name)
        => Assert.Equal("", FeedSlug.Of(name));

    [Theory]
    [InlineData("Economy")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("-a")]
    [InlineData("a---b")]
    [InlineData("")]
    public void IsSlug_NotASlug_False(string value) => Assert.False(FeedSlug.IsSlug(value));

    [Fact]
    public void TagsOf_ManyTags_FirstEightDistinctSlugs()
    {
        var article = Article(tags: ["Economy", "ECONOMY", "Trade", "", .. Enumerable.Range(1, 10).Select(i => $"Tag {i}")]);

        var tags = FeedSlug.TagsOf(article);

        Assert.Equal(FeedSlug.MaxTagFeeds, tags.Count);
        Assert.Equal(["economy", "trade", "tag-1", "tag-2", "tag-3", "tag-4", "tag-5", "tag-6"], tags.Select(t => t.Slug));
        Assert.Equal("Economy", tags[0].Name);
    }

    [Fact]
    public void AuthorsOf_ManyAuthors_FirstFourDistinctSlugs()
    {
        var article = Article(authors: ["Jane Doe", "jane doe", "A", "B", "C", "D"]);

        Assert.Equal(["jane-doe", "a", "b", "c"], FeedSlug.AuthorsOf(article).Select(a => a.Slug));
    }

    internal static Article Article(IReadOnlyList<string>? tags = null, IReadOnlyList<string>? authors = null) => new()
    {
        Id = "id-1",
        Title = "Title",
        ContentHtml = "<p>x</p>",
        Published = DateTimeOffset.UnixEpoch,
        Updated = DateTimeOffset.UnixEpoch,
        Section = new ArticleSection("world", "World"),
        Tags = tags ?? [],
        Authors = (authors ?? []).Select(a => new ArticleAuthor(a)).ToList(),
        Source = new ArticleSource(ArticleSource.Http),
    };
}
