using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;

namespace SyndicationFunctions.LocalHost.Tests;

public sealed class LocalFunctionsHostTests
{
    [Fact]
    public async Task StartAsync_KeyedFunctionsWithoutKey_FailsAtStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestHttpFunctions)]),
            TestFunctionsFolder.Path,
            new Dictionary<string, string?> { [LocalFunctionsHost.FunctionKeySetting] = string.Empty }));

        Assert.Contains(LocalFunctionsHost.FunctionKeySetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopbackAtTheReportedAddress()
    {
        await using var host = await LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestHttpFunctions)]),
            TestFunctionsFolder.Path,
            new Dictionary<string, string?> { [LocalFunctionsHost.FunctionKeySetting] = "key" },
            builder => builder.Services.AddSingleton(new InstanceCounter()));
        using var client = host.CreateClient();

        var body = await client.GetStringAsync(new Uri("/api/items/7", UriKind.Relative));

        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        Assert.NotEqual(0, host.BaseAddress.Port);
        Assert.Equal("item 7", body);
    }

    [Theory]
    [InlineData("seventy")]
    [InlineData("70710")]
    public void CreateBuilder_PortNotANumber_ThrowsNamingTheSetting(string port)
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalFunctionsHost.CreateBuilder(
            [], FunctionCatalog.FromTypes([typeof(TestHttpFunctions)]), AppContext.BaseDirectory,
            new Dictionary<string, string?> { [LocalFunctionsHost.PortSetting] = port }));

        Assert.Contains(LocalFunctionsHost.PortSetting, error.Message, StringComparison.Ordinal);
    }
}
