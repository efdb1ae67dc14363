using System.Net.Http.Headers;
using System.Text;
using Azure.Storage.Blobs;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app as a developer runs it: a real Azurite and the local host serving the real function
/// classes over real HTTP on a free port. One per test class.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string FunctionKey = "integration-test-key";

    /// <summary>The host's <c>blobs_extension</c> system key, which opens the Event Grid webhook.</summary>
    public const string BlobsExtensionKey = "integration-blobs-extension-key";

    private RunningLocalFunctionsHost? _host;

    public AzuriteFixture Azurite { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => _host!.BaseAddress;

    public BlobServiceClient Blobs => new(Azurite.ConnectionString, StorageClients.NewBlobOptions());

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _host = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = FunctionKey,
            [LocalFunctionsHost.BlobsExtensionKeySetting] = BlobsExtensionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0.2",
            // As the Bicep deploys it.
            [LocalFunctionsHost.DisableHomepageSetting] = "true",
        });
        Client = _host.CreateClient();
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

    /// <summary>POSTs a body to <c>/api/articles</c> with the function key.</summary>
    public Task<HttpResponseMessage> PostArticleAsync(string body, string contentType, string? key = FunctionKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Sends a keyed request (see <see cref="KeyedRequest"/>) to the app.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        using var request = KeyedRequest.Create(method, path, json, ifMatch);
        return await Client.SendAsync(request);
    }

    public static string Seed(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "seeds", name));

    public const string SeedName = "turkiye-un-welcomes-istanbul-talks.txt";

    public const string SeedId = "2025-05-13-un-human-rights-office-welcomes-possible-russia-ukraine-talks-in-istanbul";

    public const string SeedTitle = "UN human rights office welcomes possible Russia-Ukraine talks in Istanbul";

    /// <summary>Polls until <paramref name="condition"/> holds, for things the inbox does in the background.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}
