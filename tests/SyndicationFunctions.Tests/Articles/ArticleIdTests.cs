using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class ArticleIdTests
{
    private static readonly DateTimeOffset Published = new(2025, 5, 13, 23, 30, 0, TimeSpan.FromHours(-2));

    [Fact]
    public void FromTitle_ShortTitle_IsUtcDateAndSlug()
        => Assert.Equal("2025-05-14-sao-tome-welcomes-istanbul-talks", ArticleId.FromTitle(Published, "São Tomé welcomes İstanbul talks"));

    [Fact]
    public void FromTitle_LongTitle_IsAtMost100CharactersCutAtAHyphen()
    {
        var title = string.Join(' ', Enumerable.Repeat("negotiations", 20));

        var id = ArticleId.FromTitle(Published, title);

        // 11 characters of date, then as many whole 13-character "-negotiations" as fit in 100: six (88).
        Assert.Equal("2025-05-14-" + string.Join('-', Enumerable.Repeat("negotiations", 6)), id);
    }

    [Fact]
    public void FromTitle_OneHugeWord_IsCutHardAt100()
    {
        var id = ArticleId.FromTitle(Published, new string('x', 300));

        Assert.Equal(100, id.Length);
        Assert.StartsWith("2025-05-14-xxx", id, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTitle_TitleWithoutLatinLetters_UsesStableHash()
    {
        var first = ArticleId.FromTitle(Published, "東京の天気");
        var second = ArticleId.FromTitle(Published, "東京の天気");

        Assert.Equal(first, second);
        Assert.Matches("^2025-05-14-[0-9a-f]{12}$", first);
        Assert.NotEqual(first, ArticleId.FromTitle(Published, "大阪の天気"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("story-123")]
    [InlineData("AP_2025.05.13-x")]
    public void IsValid_SafeIds_AreAccepted(string id) => Assert.True(ArticleId.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a b")]
    [InlineData("tab\there")]
    [InlineData("..")]
    [InlineData("-leading")]
    [InlineData("trailing.")]
    [InlineData("türkiye")]
    [InlineData("a%2Fb")]
    public void IsValid_UnsafeIds_AreRejected(string id) => Assert.False(ArticleId.IsValid(id));

    [Fact]
    public void IsValid_101Characters_IsRejected()
    {
        Assert.True(ArticleId.IsValid(new string('a', 100)));
        Assert.False(ArticleId.IsValid(new string('a', 101)));
    }
}
