using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class ArticleFingerprintTests
{
    private static readonly Article Original = new()
    {
        Id = "a-1",
        Title = "Title",
        ContentHtml = "<p>Body</p>",
        Published = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Updated = new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero),
        Section = new ArticleSection("world", "World"),
        Tags = ["a", "b"],
        Source = new ArticleSource(ArticleSource.Http),
    };

    [Fact]
    public void Compute_SameContentDeliveredLaterElsewhere_IsUnchanged()
    {
        var again = Original with
        {
            Updated = Original.Updated.AddDays(5),
            Source = new ArticleSource(ArticleSource.Blob, "a-1.json"),
            Tags = ["a", "b"],
        };

        Assert.Equal(ArticleFingerprint.Compute(Original), ArticleFingerprint.Compute(again));
    }

    [Fact]
    public void Compute_IsLowerHexSha256()
        => Assert.Matches("^[0-9a-f]{64}$", ArticleFingerprint.Compute(Original));

    public static TheoryData<Article> Changes() =>
    [
        Original with { Title = "Title!" },
        Original with { ContentHtml = "<p>Body.</p>" },
        Original with { Summary = "New" },
        Original with { Published = Original.Published.AddHours(1) },
        Original with { Section = new ArticleSection("world", "WORLD") },
        Original with { Tags = ["b", "a"] },
        Original with { Image = new ArticleImage(Credit: "AA") },
        Original with { Related = [new RelatedLink("x")] },
        Original with { ReadingMinutes = 3 },
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_AnyContentChange_ChangesTheFingerprint(Article changed)
        => Assert.NotEqual(ArticleFingerprint.Compute(Original), ArticleFingerprint.Compute(changed));
}
