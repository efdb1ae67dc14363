using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Tests.Feeds;

public class ConditionalGetTests
{
    private static readonly DateTimeOffset Modified = new(2025, 5, 13, 9, 30, 15, 400, TimeSpan.Zero);
    private static readonly ResourceValidators Current = new(new EntityTagHeaderValue("\"v42\""), Modified);

    [Theory]
    [InlineData("\"v42\"")]
    [InlineData("W/\"v42\"")]
    [InlineData("\"other\", \"v42\"")]
    [InlineData("*")]
    public void IsNotModified_IfNoneMatchMatches_IsTrue(string ifNoneMatch)
        => Assert.True(ConditionalGet.IsNotModified(Headers(ifNoneMatch: ifNoneMatch), Current));

    [Theory]
    [InlineData("\"v41\"")]
    [InlineData("\"v41\", W/\"v40\"")]
    [InlineData("v42")]
    [InlineData("\"v42")]
    public void IsNotModified_IfNoneMatchDiffersOrIsMalformed_IsFalse(string ifNoneMatch)
        => Assert.False(ConditionalGet.IsNotModified(Headers(ifNoneMatch: ifNoneMatch), Current));

    [Fact]
    public void IsNotModified_IfNoneMatchAcrossSeveralHeaderLines_MatchesAny()
    {
        var headers = new HeaderDictionary { [HeaderNames.IfNoneMatch] = new(["\"a\"", "\"v42\""]) };

        Assert.True(ConditionalGet.IsNotModified(headers, Current));
    }

    [Fact]
    public void IsNotModified_IfNoneMatchDiffersButDateIsCurrent_IfNoneMatchWins()
        => Assert.False(ConditionalGet.IsNotModified(Headers(ifNoneMatch: "\"old\"", ifModifiedSince: "Tue, 13 May 2025 09:30:15 GMT"), Current));

    [Fact]
    public void IsNotModified_IfNoneMatchMatchesButDateIsOld_IfNoneMatchWins()
        => Assert.True(ConditionalGet.IsNotModified(Headers(ifNoneMatch: "\"v42\"", ifModifiedSince: "Mon, 01 Jan 2024 00:00:00 GMT"), Current));

    [Theory]
    [InlineData("Tue, 13 May 2025 09:30:15 GMT")] // same second: the fraction is not part of Last-Modified
    [InlineData("Wed, 14 May 2025 00:00:00 GMT")]
    [InlineData("Tuesday, 13-May-25 09:30:15 GMT")] // RFC 850, which recipients must still accept
    [InlineData("Tue May 13 09:30:15 2025")] // asctime
    public void IsNotModified_IfModifiedSinceAtOrAfterLastModified_IsTrue(string ifModifiedSince)
        => Assert.True(ConditionalGet.IsNotModified(Headers(ifModifiedSince: ifModifiedSince), Current));

    [Theory]
    [InlineData("Tue, 13 May 2025 09:30:14 GMT")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void IsNotModified_IfModifiedSinceEarlierOrUnreadable_IsFalse(string ifModifiedSince)
        => Assert.False(ConditionalGet.IsNotModified(Headers(ifModifiedSince: ifModifiedSince), Current));

    [Fact]
    public void IsNotModified_SeveralIfModifiedSinceValues_IgnoresThem()
    {
        var headers = new HeaderDictionary { [HeaderNames.IfModifiedSince] = new(["Wed, 14 May 2025 00:00:00 GMT", "Thu, 15 May 2025 00:00:00 GMT"]) };

        Assert.False(ConditionalGet.IsNotModified(headers, Current));
    }

    [Fact]
    public void IsNotModified_NoConditions_IsFalse()
        => Assert.False(ConditionalGet.IsNotModified(new HeaderDictionary(), Current));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    public void IsNotModified_Request_OnlyGetAndHeadCanBeNotModified(string method, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Headers.IfNoneMatch = "\"v42\"";

        Assert.Equal(expected, ConditionalGet.IsNotModified(context.Request, Current));
    }

    [Fact]
    public void WriteValidators_Always_WritesETagLastModifiedAndCacheControl()
    {
        IHeaderDictionary headers = new HeaderDictionary();

        ConditionalGet.WriteValidators(headers, Current, TimeSpan.FromSeconds(120));

        Assert.Equal("\"v42\"", headers.ETag);
        Assert.Equal("Tue, 13 May 2025 09:30:15 GMT", headers.LastModified);
        Assert.Equal("public, max-age=120", headers.CacheControl);
    }

    [Fact]
    public void NotModifiedOrNull_CurrentCopy_Returns304WithValidatorsAndNoBody()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.IfNoneMatch = "W/\"v42\"";

        var result = ConditionalGet.NotModifiedOrNull(context.Request, Current, TimeSpan.FromSeconds(60));

        var status = Assert.IsType<BytesResult>(result);
        Assert.Equal(StatusCodes.Status304NotModified, status.StatusCode);
        Assert.Equal("\"v42\"", context.Response.Headers.ETag);
        Assert.Equal("public, max-age=60", context.Response.Headers.CacheControl);
    }

    [Fact]
    public void NotModifiedOrNull_StaleCopy_ReturnsNullAndStillWritesValidators()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.IfNoneMatch = "\"v41\"";

        var result = ConditionalGet.NotModifiedOrNull(context.Request, Current, TimeSpan.FromSeconds(60));

        Assert.Null(result);
        Assert.Equal("Tue, 13 May 2025 09:30:15 GMT", context.Response.Headers.LastModified);
    }

    [Fact]
    public void ForVersion_SameAndDifferentVersions_GiveStableDistinctStrongTags()
    {
        var first = ResourceValidators.ForVersion("section=turkiye;stamp=\"W/datetime'2025'\";format=rss", Modified);
        var again = ResourceValidators.ForVersion("section=turkiye;stamp=\"W/datetime'2025'\";format=rss", Modified);
        var other = ResourceValidators.ForVersion("section=turkiye;stamp=\"W/datetime'2025'\";format=atom", Modified);

        Assert.Equal(first.ETag, again.ETag);
        Assert.NotEqual(first.ETag, other.ETag);
        Assert.False(first.ETag.IsWeak);
        Assert.True(EntityTagHeaderValue.TryParse(first.ETag.ToString(), out _));
        Assert.Equal(new DateTimeOffset(2025, 5, 13, 9, 30, 15, TimeSpan.Zero), first.LastModified);
    }

    [Fact]
    public void Constructor_WeakTag_Throws()
        => Assert.Throws<ArgumentException>(() => new ResourceValidators(new EntityTagHeaderValue("\"v\"", isWeak: true), Modified));

    private static IHeaderDictionary Headers(string? ifNoneMatch = null, string? ifModifiedSince = null)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (ifNoneMatch is not null)
            headers.IfNoneMatch = ifNoneMatch;
        if (ifModifiedSince is not null)
            headers.IfModifiedSince = ifModifiedSince;
        return headers;
    }
}
