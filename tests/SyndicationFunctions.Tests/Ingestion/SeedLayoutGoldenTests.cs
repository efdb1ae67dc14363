using System.Text.Json;
using System.Text.Json.Nodes;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class SeedLayoutGoldenTests
{
    private const string SeedName = "turkiye-un-welcomes-istanbul-talks.txt";

    private readonly ArticleParser _parser = new(new FixedClock());

    [Fact]
    public void Parse_SampleSeed_MatchesGoldenArticle()
    {
        var article = _parser.Parse(TestFiles.Seed(SeedName), ArticleFormat.SeedText, new ArticleSource(ArticleSource.Blob, SeedName));

        var actual = JsonSerializer.SerializeToNode(article, ArticleJson.Options)!;
        var expected = JsonNode.Parse(TestFiles.Golden("turkiye-un-welcomes-istanbul-talks.json"))!;
        if (!JsonNode.DeepEquals(expected, actual))
        {
            // Written beside the golden file's copy so a changed expectation can be reviewed with a diff.
            var actualPath = Path.Combine(AppContext.BaseDirectory, "Ingestion", "Golden", "turkiye-un-welcomes-istanbul-talks.actual.json");
            File.WriteAllText(actualPath, actual.ToJsonString(new JsonSerializerOptions(ArticleJson.Options) { WriteIndented = true }));
            Assert.Fail($"The parsed seed differs from the golden article; see {actualPath}.");
        }
    }

    [Fact]
    public void Parse_SampleSeed_RecoversEveryPartOfTheLayout()
    {
        var article = _parser.Parse(TestFiles.Seed(SeedName), ArticleFormat.SeedText, new ArticleSource(ArticleSource.Http));

        Assert.Equal("UN human rights office welcomes possible Russia-Ukraine talks in Istanbul", article.Title);
        Assert.Equal(
            "Turkish metropolis previously hosted a series of talks in March 2022 – just after the conflict began – aimed at finding common ground to end the armed conflict.",
            article.Summary);
        Assert.Equal(new ArticleSection("turkiye", "TÜRKİYE"), article.Section);
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 0, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(article.Published, article.Updated);
        Assert.Equal(2, article.ReadingMinutes);
        Assert.Equal(new ArticleImage(null, "The Turkish metropolis previously hosted a series of talks in March 2022.", "AA"), article.Image);
        Assert.Equal(
            [
                new RelatedLink("Zelenskyy accepts Russian president's proposal to resume peace talks in Istanbul", "TRT Global"),
                new RelatedLink("Turkish president welcomes Putin’s remarks on resuming peace talks in Istanbul", "TRT Global"),
            ],
            article.Related);
        Assert.Equal("2025-05-13-un-human-rights-office-welcomes-possible-russia-ukraine-talks-in-istanbul", article.Id);
        Assert.StartsWith("<p>The UN human rights office has welcomed", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SampleSeed_KeepsParagraphsAfterRecommendedAndDropsFurniture()
    {
        var article = _parser.Parse(TestFiles.Seed(SeedName), ArticleFormat.SeedText, new ArticleSource(ArticleSource.Http));

        Assert.Contains("urging Ukrainian President Volodymyr Zelenskyy to \"immediately\" accept", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("which is now in its fourth year.</p>", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<h2>Revitalising the path of dialogue</h2>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("RECOMMENDED", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>e.</p>", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Related", article.ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Explore", article.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SampleSeed_NoExploreHeadlineAnywhere()
    {
        var seed = TestFiles.Seed(SeedName);
        var explore = seed.ReplaceLineEndings("\n").Split("\nExplore\n")[1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var article = _parser.Parse(seed, ArticleFormat.SeedText, new ArticleSource(ArticleSource.Http));
        var everything = JsonSerializer.Serialize(article, ArticleJson.Options);

        Assert.Equal(15, explore.Length);
        foreach (var headline in explore)
        {
            var encoded = JsonSerializer.Serialize(headline.Trim(), ArticleJson.Options).Trim('"');
            Assert.DoesNotContain(encoded, everything, StringComparison.Ordinal);
        }
    }
}
