using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using SyndicationFunctions.LocalHost;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// The app on the local host, as run.sh serves it, plus one endpoint the functions do not have:
/// <c>/static</c>, which answers fixed bytes. It shares the server, the connection handling and the
/// process, so comparing a feed with it isolates what the app itself costs per request.
/// </summary>
public sealed class MeasuredApp(RunningLocalFunctionsHost host, StaticBytes staticBytes, StaticBytes staticGzip) : IAsyncDisposable
{
    public const string FunctionKey = "load-test-key";
    public const string StaticPath = "/static";

    /// <summary>The same endpoint for compressed bytes: it answers them with <c>Content-Encoding: gzip</c>.</summary>
    public const string StaticGzipPath = "/static-gzip";

    public RunningLocalFunctionsHost Host => host;

    /// <summary>What <c>/static</c> answers; set it before loading the endpoint.</summary>
    public StaticBytes Static => staticBytes;

    /// <summary>What <c>/static-gzip</c> answers (already compressed).</summary>
    public StaticBytes StaticGzip => staticGzip;

    public static async Task<MeasuredApp> StartAsync(string storageConnectionString, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ArticleStorage"] = storageConnectionString,
            [LocalFunctionsHost.FunctionKeySetting] = FunctionKey,
            [LocalFunctionsHost.PortSetting] = "0",
            // No inbox scans: they would add storage calls of their own to every count.
            [LocalFunctionsHost.InboxScanSecondsSetting] = "0",
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var builder = SyndicationLocalHost.CreateBuilder([], settings);

        // One log line per call would measure the console, not the app.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        var staticBytes = new StaticBytes();
        app.Map(StaticPath, branch => branch.Run(context =>
        {
            var (contentType, body) = staticBytes.Current;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        }));
        var staticGzip = new StaticBytes();
        app.Map(StaticGzipPath, branch => branch.Run(context =>
        {
            var (contentType, body) = staticGzip.Current;
            context.Response.ContentType = contentType;
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        }));
        app.MapLocalFunctions();
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new MeasuredApp(new RunningLocalFunctionsHost(app, new Uri(address)), staticBytes, staticGzip);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

/// <summary>The body <c>/static</c> serves, swapped atomically.</summary>
public sealed class StaticBytes
{
    private volatile Holder _current = new("text/plain", []);

    public (string ContentType, byte[] Body) Current => (_current.ContentType, _current.Body);

    public void Set(string contentType, byte[] body) => _current = new Holder(contentType, body);

    private sealed record Holder(string ContentType, byte[] Body);
}
