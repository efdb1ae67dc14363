using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SyndicationFunctions.LocalHost;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The app as it runs behind a CDN: a real Azurite, the local host, and Debian's Varnish in front of it as the
/// shared cache readers go through. Links name the CDN's public address (<see cref="PublicBaseUrl"/>), as the
/// Bicep sets them when Front Door is on; lifetimes are short so a test can wait one out.
/// </summary>
public sealed class CachedApp : IAsyncLifetime
{
    /// <summary>The address the feeds link to: the CDN's, never the host a request names.</summary>
    public const string PublicBaseUrl = "https://feeds.example.net";

    public static readonly TimeSpan FeedMaxAge = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan ArticleMaxAge = TimeSpan.FromSeconds(2);

    private RunningLocalFunctionsHost? _host;
    private VarnishProcess? _varnish;
    private VarnishProcess? _frontDoor;

    public AzuriteFixture Azurite { get; } = new();

    /// <summary>Straight to the app: the publisher's writes.</summary>
    public HttpClient Publisher { get; private set; } = null!;

    /// <summary>Where readers reach the cache.</summary>
    public Uri CacheAddress => _varnish!.BaseAddress;

    /// <summary>Where readers reach a cache that acts as Front Door with the Bicep's route (Http/front-door-like.vcl).</summary>
    public Uri FrontDoorAddress => _frontDoor!.BaseAddress;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _host = await SyndicationLocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["ArticleStorage"] = Azurite.ConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = AppFixture.FunctionKey,
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
            [LocalFunctionsHost.DisableHomepageSetting] = "true",
            ["Syndication:PublicBaseUrl"] = PublicBaseUrl,
            ["Syndication:FeedCacheSeconds"] = ((int)FeedMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Syndication:ArticleCacheSeconds"] = ((int)ArticleMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Publisher = _host.CreateClient();
        _varnish = await VarnishProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "Http", "shared-cache.vcl"), _host.BaseAddress.Port);
        _frontDoor = await VarnishProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "Http", "front-door-like.vcl"), _host.BaseAddress.Port);
    }

    public async Task DisposeAsync()
    {
        Publisher.Dispose();
        foreach (var varnish in new[] { _varnish, _frontDoor })
        {
            if (varnish is not null)
            {
                await varnish.DisposeAsync();
            }
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    /// <summary>A reader's client on the cache (or <paramref name="cache"/>); it undoes no coding itself unless <paramref name="decompress"/>.</summary>
    public HttpClient Reader(bool decompress = false, IWebProxy? proxy = null, Uri? cache = null)
        => new(new SocketsHttpHandler
        {
            AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None,
            UseProxy = proxy is not null,
            Proxy = proxy,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        { BaseAddress = cache ?? CacheAddress };

    /// <summary>POSTs an article (JSON) straight to the app; returns its ETag.</summary>
    public async Task<string> PublishAsync(string id, string title, string section, DateTimeOffset published)
    {
        using var request = KeyedRequest.Create(HttpMethod.Post, "/api/articles", ArticleJson(id, title, section, published));
        using var response = await Publisher.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    /// <summary>Replaces an article straight at the app (a correction).</summary>
    public async Task CorrectAsync(string id, string etag, string title, string section, DateTimeOffset published)
    {
        using var request = KeyedRequest.Create(HttpMethod.Put, $"/api/articles/{id}", ArticleJson(id, title, section, published), etag);
        using var response = await Publisher.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static string ArticleJson(string id, string title, string section, DateTimeOffset published)
        => $$"""{"id":"{{id}}","title":"{{title}}","summary":"About {{title}}.","contentText":"{{new StringBuilder().Insert(0, "A paragraph long enough to be worth compressing. ", 30)}}","published":"{{published.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","section":"{{section}}"}""";

    /// <summary>What one reader got through the cache, and when it asked and heard back.</summary>
    public sealed record Read(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Body, DateTimeOffset SentAt, DateTimeOffset ReceivedAt)
    {
        /// <summary>Varnish names two transactions in X-Varnish on a hit (this one and the one that stored it), one on a miss.</summary>
        public bool WasHit => Headers.TryGetValues("X-Varnish", out var values) && values.Single().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 2;

        /// <summary>
        /// For a miss (the cache fetched it from the app while this request waited): the latest moment the cache
        /// may keep it, or a little later, since the app rendered it after <see cref="SentAt"/>.
        /// </summary>
        public DateTimeOffset KeptAtMostUntil => SentAt + (Headers.CacheControl?.MaxAge ?? TimeSpan.Zero);

        public string? ContentEncoding => ContentHeaders.ContentEncoding.SingleOrDefault();

        public string MediaType => ContentHeaders.ContentType?.MediaType ?? "";

        /// <summary>The body as text, its content coding undone.</summary>
        public string Text => Encoding.UTF8.GetString(ContentEncoding is { } coding ? ContentCodings.Decompress(Body, coding) : Body);

    }

    public static async Task<Read> GetAsync(HttpClient client, string path, string? accept = null, string? acceptEncoding = null, Action<HttpRequestMessage>? forge = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        forge?.Invoke(request);
        var sentAt = DateTimeOffset.UtcNow;
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Read(response.StatusCode, response.Headers, response.Content.Headers, body, sentAt, DateTimeOffset.UtcNow);
    }
}
