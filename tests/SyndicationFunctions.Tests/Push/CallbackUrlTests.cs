using SyndicationFunctions.Push;

namespace SyndicationFunctions.Tests.Push;

public sealed class CallbackUrlTests
{
    [Theory]
    [InlineData("https://reader.example.com/websub/callback?id=1")]
    [InlineData("http://203.0.113.9/cb")]
    public void Problem_PublicHttpUrl_None(string url) => Assert.Null(CallbackUrl.Problem(url, "hub.callback", allowPrivateNetwork: false));

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("/relative")]
    [InlineData("ftp://example.com/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:pass@example.com/cb")]
    [InlineData("https://example.com/cb#fragment")]
    [InlineData("http://localhost/cb")]
    [InlineData("http://intranet/cb")]
    [InlineData("http://app.localhost/cb")]
    [InlineData("http://10.0.0.1/cb")]
    [InlineData("http://[::1]/cb")]
    [InlineData("http://169.254.169.254/latest")]
    public void Problem_RefusedUrl_SaysWhy(string? url)
    {
        var problem = CallbackUrl.Problem(url, "hub.callback", allowPrivateNetwork: false);

        Assert.NotNull(problem);
        Assert.StartsWith("hub.callback", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_TooLong_Refused()
        => Assert.Contains("longer", CallbackUrl.Problem("https://example.com/" + new string('a', PushLimits.MaxCallbackLength), "url", false), StringComparison.Ordinal);

    [Fact]
    public void Problem_MetadataWithSettingOn_StillRefused()
        => Assert.NotNull(CallbackUrl.Problem("http://[fd00:ec2::254]/x", "url", allowPrivateNetwork: true));
}
