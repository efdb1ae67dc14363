using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Türkiye", "turkiye")]
    [InlineData("TÜRKİYE", "turkiye")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("São Tomé", "sao-tome")]
    [InlineData("Straße & Ærø", "strasse-and-aero")]
    [InlineData("Łódź", "lodz")]
    [InlineData("  Putin’s remarks -- on talks!  ", "putins-remarks-on-talks")]
    [InlineData("Russia-Ukraine talks", "russia-ukraine-talks")]
    [InlineData("ﬁnance ①", "finance-1")]
    public void Create_LatinText_TransliteratesToLowerAsciiWithHyphens(string text, string expected)
        => Assert.Equal(expected, Slug.Create(text));

    [Theory]
    [InlineData("")]
    [InlineData("!!! ???")]
    [InlineData("日本語")]
    public void Create_NothingToTransliterate_ReturnsEmpty(string text)
        => Assert.Equal(string.Empty, Slug.Create(text));

    [Fact]
    public void Truncate_LongSlug_CutsAtLastHyphenWithinLimit()
    {
        var slug = "alpha-beta-gamma-delta";

        Assert.Equal("alpha-beta", Slug.Truncate(slug, 15));
        Assert.Equal("alpha-beta-gamma", Slug.Truncate(slug, 16));
        Assert.Equal(slug, Slug.Truncate(slug, 100));
    }

    [Fact]
    public void Truncate_SingleLongWord_CutsHard()
        => Assert.Equal("abcdefghij", Slug.Truncate("abcdefghijklmnop", 10));
}
