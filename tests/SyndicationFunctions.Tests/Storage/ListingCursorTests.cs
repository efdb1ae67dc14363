using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Tests.Storage;

public sealed class ListingCursorTests
{
    [Fact]
    public void Decode_EncodedKey_RoundTrips()
    {
        const string key = "sec|türkiye|2844500000000000000|2025-05-13-x";

        var cursor = ListingCursor.Encode(key);

        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.Equal(key, ListingCursor.Decode(cursor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("%%%")]
    public void Decode_Garbage_Null(string cursor) => Assert.Null(ListingCursor.Decode(cursor));

    [Fact]
    public void Decode_OverlongCursor_Null() => Assert.Null(ListingCursor.Decode(new string('A', 4000)));
}
