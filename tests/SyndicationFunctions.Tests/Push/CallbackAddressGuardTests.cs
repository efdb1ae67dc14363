using System.Net;
using SyndicationFunctions.Push;

namespace SyndicationFunctions.Tests.Push;

public sealed class CallbackAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.10.10")]
    [InlineData("100.64.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2002:0a00:0001::1")]
    public void Refusal_InternalAddressSettingOff_Refused(string address)
        => Assert.NotNull(CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: false));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.1")]
    public void Refusal_InternalAddressSettingOn_Allowed(string address)
        => Assert.Null(CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: true));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:169.254.169.254")]
    public void Refusal_MetadataAddress_RefusedWhateverTheSetting(string address)
    {
        Assert.Contains("metadata", CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: true), StringComparison.Ordinal);
        Assert.Contains("metadata", CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("ff02::1")]
    public void Refusal_NotUnicast_RefusedWhateverTheSetting(string address)
        => Assert.NotNull(CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: true));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Refusal_PublicAddress_Allowed(string address)
        => Assert.Null(CallbackAddressGuard.Refusal(IPAddress.Parse(address), allowPrivateNetwork: false));
}
