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
    public void Presented_EmptyHeaderAndCode_HeaderWinsSoNoKey()
    {
        // The host reads ?code= only when the request has no x-functions-key header at all.
        var context = new DefaultHttpContext();
        context.Request.Headers[FunctionKeys.HeaderName] = string.Empty;
        context.Request.QueryString = new QueryString("?code=from-query");

        Assert.Null(FunctionKeys.Presented(context.Request));
    }

    [Fact]
    public void Presented_TwoHeaderValues_FirstOne()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[FunctionKeys.HeaderName] = new Microsoft.Extensions.Primitives.StringValues(["first", "second"]);

        Assert.Equal("first", FunctionKeys.Presented(context.Request));
    }

    [Fact]
    public void Presented_TwoCodes_FirstOne()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?code=first&code=second");

        Assert.Equal("first", FunctionKeys.Presented(context.Request));
    }
}
