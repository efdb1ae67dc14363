using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Push;

/// <summary>
/// One Azurite, the app on the local host with private-network callbacks allowed (as run.sh runs it) and leases as
/// short as two seconds, and one node process holding the independent subscribers and receivers. Started once for
/// the push collection.
/// </summary>
public sealed class PushFixture : IAsyncLifetime
{
    public const int MinLeaseSeconds = 2;

    private RunningLocalFunctionsHost? _host;

    public AzuriteFixture Azurite { get; } = new();

    public PushPeer Peer { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => _host!.BaseAddress;

    public Uri Hub => new(BaseAddress, "/api/hub");

    public Uri Topic(string path) => new(BaseAddress, path);

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _host = await SyndicationLocalHost.StartAsync(Settings(allowPrivate: true));
        Client = _host.CreateClient();
        Peer = await PushPeer.StartAsync();
    }

    public Dictionary<string, string?> Settings(bool allowPrivate) => new()
    {
        ["ArticleStorage"] = Azurite.ConnectionString,
        [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
        [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        ["Syndication:AllowPrivateNetworkCallbacks"] = allowPrivate ? "true" : "false",
        ["Syndication:MinLeaseSeconds"] = MinLeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Another instance of the app on the same storage (a second Functions instance, or one with other settings).</summary>
    public Task<RunningLocalFunctionsHost> StartInstanceAsync(bool allowPrivate = true) => SyndicationLocalHost.StartAsync(Settings(allowPrivate));

    /// <summary>
    /// An instance on the same tables whose Queue service does not answer (its endpoint is a closed port): storage that
    /// is half down, which Azurite cannot be on cue.
    /// </summary>
    public Task<RunningLocalFunctionsHost> StartInstanceWithQueueDownAsync()
    {
        var settings = Settings(allowPrivate: true);
        var queueEndpoint = Azurite.ConnectionString.Split(';').Single(part => part.StartsWith("QueueEndpoint=", StringComparison.Ordinal));
        var closedPort = AzuriteFixture.FreePort();
        settings["ArticleStorage"] = Azurite.ConnectionString.Replace(queueEndpoint, $"QueueEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1", StringComparison.Ordinal);
        return SyndicationLocalHost.StartAsync(settings);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        using var request = KeyedRequest.Create(method, path, json, ifMatch);
        return await Client.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        if (Peer is not null)
        {
            await Peer.DisposeAsync();
        }

        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PushGroup : ICollectionFixture<PushFixture>
{
    public const string Name = "Push";
}
