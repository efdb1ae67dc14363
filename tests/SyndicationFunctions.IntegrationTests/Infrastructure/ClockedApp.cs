using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The app on its own Azurite with a clock the test moves: "a few seconds later" is a step of the clock the
/// app uses, not a wait. The clock starts at the real present and only moves forward.
/// </summary>
public sealed class ClockedApp : IAsyncLifetime
{
    private RunningLocalFunctionsHost? _host;

    public AzuriteFixture Azurite { get; } = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _host = await StartHostAsync(new Dictionary<string, string?>());
        Client = _host.CreateClient();
    }

    /// <summary>Another host on the same storage and clock, with extra settings.</summary>
    public Task<RunningLocalFunctionsHost> StartHostAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["ArticleStorage"] = Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        };
        return SyndicationLocalHost.StartAsync(all, builder => builder.Services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null, HttpClient? client = null)
    {
        using var request = KeyedRequest.Create(method, path, json, ifMatch);
        return await (client ?? Client).SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string json, HttpClient? client = null) => SendAsync(HttpMethod.Post, "/api/articles", json, client: client);

    public static string Article(string id, string title, DateTimeOffset published, string section = "World", string body = "The body.")
        => $$"""{"id":"{{id}}","title":"{{title}}","summary":"About {{title}}.","contentText":"{{body}}","published":"{{published.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","section":"{{section}}"}""";
}
