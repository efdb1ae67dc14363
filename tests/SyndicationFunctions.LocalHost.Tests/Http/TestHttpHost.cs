using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;

namespace SyndicationFunctions.LocalHost.Tests.Http;

/// <summary>The local host on a free port of 127.0.0.1, serving <see cref="TestHttpFunctions"/>.</summary>
public sealed class TestHttpHost : IAsyncLifetime
{
    public const string Key = "test-function-key";

    private RunningLocalFunctionsHost? _host;

    public InstanceCounter Instances { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalFunctionsHost.StartAsync(
            FunctionCatalog.FromTypes([typeof(TestHttpFunctions), typeof(MixedCaseFunctions)]),
            TestFunctionsFolder.Path,
            new Dictionary<string, string?> { [LocalFunctionsHost.FunctionKeySetting] = Key },
            builder => builder.Services.AddSingleton(Instances));
        Client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
