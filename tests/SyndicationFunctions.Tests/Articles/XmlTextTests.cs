using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Tests.Articles;

public sealed class XmlTextTests
{
    [Fact]
    public void RemoveForbiddenCharacters_ControlsAndLoneSurrogates_AreRemoved()
        => Assert.Equal("abc\tdef\n", XmlText.RemoveForbiddenCharacters("a\u0000b\u0001c\u000B\tdef\u001F\uFFFE\uFFFF\uD800\n"));

    [Fact]
    public void RemoveForbiddenCharacters_ValidUnicode_IsKeptAsGiven()
    {
        const string text = "Türkiye – “quotes” 😀 e\u0301";

        Assert.Same(text, XmlText.RemoveForbiddenCharacters(text));
    }
}
