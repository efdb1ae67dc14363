using Microsoft.AspNetCore.Http;
using SyndicationFunctions.LocalHost.Http;

namespace SyndicationFunctions.LocalHost.Tests.Http;

public sealed class FunctionKeysTests
{
    [Fact]
    public void IsAuthorized_NoKeyConfigured_RefusesEvenEmptyPresentedKey()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?code=");

        Assert.False(FunctionKeys.IsAuthorized(context.Request, expectedKey: null));
        Assert.False(FunctionKeys.IsAuthorized(context.Request, expectedKey: string.Empty));
    }

    [Fact]
    public void Presented_EmptyHeaderAndCode_FallsBackToCode()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[FunctionKeys.HeaderName] = string.Empty;
        context.Request.QueryString = new QueryString("?code=from-query");

        Assert.Equal("from-query", FunctionKeys.Presented(context.Request));
    }
}
