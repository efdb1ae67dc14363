using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Tests.Catalog;

public sealed class BlobPathPatternTests
{
    [Theory]
    [InlineData("article.json", "article.json")]
    [InlineData("2026/11/article.md", "2026/11/article.md")]
    public void Match_SingleToken_TakesWholeNameIncludingFolders(string blobName, string expected)
    {
        var pattern = BlobPathPattern.Parse("articles-inbox/{name}");

        Assert.Equal(expected, pattern.Match(blobName)!["name"]);
    }

    [Fact]
    public void Match_LiteralsAroundTokens_SplitsAtLiterals()
    {
        var pattern = BlobPathPattern.Parse("test-filed/{folder}/{file}.txt");

        var tokens = pattern.Match("news/monday.txt");

        Assert.Equal("news", tokens!["folder"]);
        Assert.Equal("monday", tokens["file"]);
        Assert.Equal(string.Empty, pattern.LiteralPrefix);
    }

    [Fact]
    public void Match_NameOutsidePattern_Null()
    {
        var pattern = BlobPathPattern.Parse("test-filed/incoming/{file}.txt");

        Assert.Null(pattern.Match("incoming/monday.json"));
        Assert.Null(pattern.Match("elsewhere/monday.txt"));
        Assert.Equal("incoming/", pattern.LiteralPrefix);
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("container/")]
    [InlineData("{container}/{name}")]
    public void Parse_NoLiteralContainerOrName_Throws(string path)
    {
        Assert.Throws<FormatException>(() => BlobPathPattern.Parse(path));
    }
}
