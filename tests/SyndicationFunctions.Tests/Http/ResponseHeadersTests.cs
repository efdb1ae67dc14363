using Microsoft.AspNetCore.Http;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Tests.Http;

public class ResponseHeadersTests
{
    [Fact]
    public void ApplyTo_NoCacheControl_SaysNoCacheSoNoSharedCacheGuessesALifetime()
    {
        var headers = new HeaderDictionary();

        ResponseHeaders.ApplyTo(headers);

        Assert.Equal("no-cache", headers["Cache-Control"].ToString());
        Assert.Equal(ResponseHeaders.NoSniff, headers[ResponseHeaders.ContentTypeOptions].ToString());
    }

    [Fact]
    public void ApplyTo_CacheControlAlreadySet_KeepsIt()
    {
        var headers = new HeaderDictionary { ["Cache-Control"] = "public, max-age=300" };

        ResponseHeaders.ApplyTo(headers);

        Assert.Equal("public, max-age=300", headers["Cache-Control"].ToString());
    }
}
