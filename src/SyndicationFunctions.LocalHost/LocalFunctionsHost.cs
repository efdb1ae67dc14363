using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Blobs;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Http;
using SyndicationFunctions.LocalHost.Webhooks;
using SyndicationFunctions.LocalHost.Queues;

namespace SyndicationFunctions.LocalHost;

/// <summary>
/// Serves the classes of a Functions app on Kestrel as the Azure Functions host 4.x would, for running offline
/// and in tests. Configuration keys are environment-variable names so the same names work in a shell and in a test.
/// </summary>
public static partial class LocalFunctionsHost
{
    /// <summary>The port on 127.0.0.1 (default 7071; 0 picks a free one).</summary>
    public const string PortSetting = "SYNDICATION_PORT";

    /// <summary>The key function- and admin-level routes demand, as <c>x-functions-key</c> or <c>?code=</c>.</summary>
    public const string FunctionKeySetting = "SYNDICATION_FUNCTION_KEY";

    /// <summary>The host's own setting that turns its placeholder page at <c>/</c> into an empty 204.</summary>
    public const string DisableHomepageSetting = "AzureWebJobsDisableHomepage";

    /// <summary>The <c>blobs_extension</c> system key of the Event Grid webhook; without it no key opens the webhook.</summary>
    public const string BlobsExtensionKeySetting = "SYNDICATION_BLOBS_EXTENSION_KEY";

    /// <summary>Seconds between scans of each blob trigger's container (default 2; 0 turns scanning off).</summary>
    public const string InboxScanSecondsSetting = "SYNDICATION_INBOX_SCAN_SECONDS";

    public const int DefaultPort = 7071;

    /// <summary>The largest request body the Functions host accepts; it answers 500 to a larger declared length.</summary>
    public const long HostMaxRequestBodyBytes = 100L * 1024 * 1024;

    /// <summary>The worker's own limit (its Kestrel default): reading past it fails the function, so a 500.</summary>
    public const long WorkerMaxRequestBodyBytes = 30_000_000;

    /// <summary>A web application builder that serves the functions of <paramref name="functionsAssembly"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Assembly functionsAssembly, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        return CreateBuilder(args, FunctionCatalog.FromAssembly(functionsAssembly), Path.GetDirectoryName(functionsAssembly.Location), settings);
    }

    /// <summary>
    /// A web application builder that serves the functions of <paramref name="catalog"/> on 127.0.0.1.
    /// <paramref name="settings"/> override every other configuration source (environment, arguments).
    /// host.json is looked for in <paramref name="functionsFolder"/>, then the content root, then the app's folder.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, FunctionCatalog catalog, string? functionsFolder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var port = builder.Configuration[PortSetting] is not { Length: > 0 } configuredPort ? DefaultPort
            : int.TryParse(configuredPort, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= IPEndPoint.MaxPort ? parsed
            : throw new InvalidOperationException($"{PortSetting} must be a port number (0 for any free port), not '{configuredPort}'.");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Local only: the host holds a key and talks to a development storage account.
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = WorkerMaxRequestBodyBytes;
        });

        // One line per function call is enough; ASP.NET Core's per-request lines would drown it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddLocalFunctionsHost(catalog, functionsFolder);
        return builder;
    }

    /// <summary>
    /// Starts a host on a free port of 127.0.0.1 (unless <paramref name="settings"/> names one) and returns once it listens.
    /// <paramref name="configure"/> adds the app's own services, e.g. <c>b => b.Services.AddSyndication(b.Configuration)</c>.
    /// </summary>
    public static Task<RunningLocalFunctionsHost> StartAsync(
        Assembly functionsAssembly,
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        return StartAsync(FunctionCatalog.FromAssembly(functionsAssembly), Path.GetDirectoryName(functionsAssembly.Location), settings, configure, cancellationToken);
    }

    public static async Task<RunningLocalFunctionsHost> StartAsync(
        FunctionCatalog catalog,
        string? functionsFolder,
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var withFreePort = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        withFreePort.TryAdd(PortSetting, "0");

        var builder = CreateBuilder([], catalog, functionsFolder, withFreePort);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLocalFunctions();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RunningLocalFunctionsHost(app, new Uri(address));
    }

    /// <summary>The catalog, dispatcher, blob scanners, queue listeners and webhook; the app's own services are added separately.</summary>
    public static IServiceCollection AddLocalFunctionsHost(this IServiceCollection services, FunctionCatalog catalog, string? functionsFolder)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        services.AddSingleton(catalog);

        services.AddOptions<LocalFunctionsHostOptions>()
            .Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
            {
                var hostJson = HostJson.Find([functionsFolder, environment.ContentRootPath, AppContext.BaseDirectory]);
                options.RoutePrefix = hostJson.RoutePrefix;
                options.CustomHeaders = hostJson.CustomHeaders;
                options.InboxParallelism = hostJson.BlobsMaxDegreeOfParallelism ?? options.InboxParallelism;
                options.Queues = hostJson.Queues;
                options.FunctionKey = configuration[FunctionKeySetting];
                options.BlobsExtensionKey = configuration[BlobsExtensionKeySetting];
                options.HomepageDisabled = string.Equals(configuration[DisableHomepageSetting], bool.TrueString, StringComparison.OrdinalIgnoreCase);
                if (configuration[InboxScanSecondsSetting] is { Length: > 0 } seconds)
                {
                    options.InboxScanInterval = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
                        ? TimeSpan.FromSeconds(value)
                        : throw new InvalidOperationException($"{InboxScanSecondsSetting} must be a number of seconds, not '{seconds}'.");
                }
            })
            .Validate<FunctionCatalog>(
                (options, functions) => !string.IsNullOrEmpty(options.FunctionKey) || !functions.HttpFunctions.Any(function => function.RequiresKey),
                $"Some functions demand a key: set {FunctionKeySetting}.")
            .ValidateOnStart();

        // IActionResult and its executors (ObjectResult, JsonResult, FileResult...) come with MVC's core services.
        services.AddMvcCore();
        services.AddRouting();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<HttpFunctionDispatcher>();
        services.AddSingleton<BlobConnections>();
        services.AddSingleton<BlobFunctionInvoker>();
        services.AddSingleton<BlobEventProcessor>();
        services.AddHostedService(provider => provider.GetRequiredService<BlobEventProcessor>());
        services.AddSingleton<IExtensionWebhook, BlobEventWebhook>();
        services.AddSingleton<RuntimeWebhooks>();
        foreach (var function in catalog.BlobFunctions)
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<BlobInboxScanner>(
                provider, function, provider.GetRequiredService<BlobConnections>().GetContainer(function)));
        }

        foreach (var function in catalog.TimerFunctions)
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<Timers.TimerTriggerRunner>(provider, function));
        }

        services.AddSingleton<QueueConnections>();
        foreach (var function in catalog.QueueFunctions)
        {
            services.AddSingleton<IHostedService>(provider =>
            {
                var connections = provider.GetRequiredService<QueueConnections>();
                return ActivatorUtilities.CreateInstance<QueueListener>(
                    provider, function, connections.GetQueue(function, function.QueueName), connections.GetQueue(function, function.PoisonQueueName));
            });
        }

        return services;
    }

    /// <summary>
    /// Answers every request as the Functions host 4.x does, in the order of its request pipeline: host.json's custom
    /// headers first (so they reach the host's own answers too), then CORS preflights, then the host's own routes
    /// (the extension webhooks), then the function routes; nothing else is served. Behaviour added here should take
    /// its place in that order and copy the real host (docs/LOCAL-HOST.md).
    /// </summary>
    public static WebApplication MapLocalFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<LocalFunctionsHostOptions>>().Value;
        var webhooks = app.Services.GetRequiredService<RuntimeWebhooks>();
        var dispatcher = app.Services.GetRequiredService<HttpFunctionDispatcher>();

        // The host's CustomHttpHeadersMiddleware (host.json extensions.http.customHeaders).
        app.Use((context, next) => CustomHttpHeaders.InvokeAsync(context, next, options.CustomHeaders));

        // The host's JobHostCorsMiddleware, which Flex Consumption turns on.
        app.Use(CorsPreflight.InvokeAsync);

        // The host's own routes come before any function route: /runtime/webhooks/{extension}.
        app.Use(webhooks.InvokeAsync);

        // The function routes, by function name; whatever matches none is an empty 404.
        app.Run(dispatcher.DispatchAsync);

        app.Lifetime.ApplicationStarted.Register(() => LogFunctions(app.Services));
        return app;
    }

    private static void LogFunctions(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalFunctionsHost).FullName!);
        var catalog = services.GetRequiredService<FunctionCatalog>();
        var options = services.GetRequiredService<IOptions<LocalFunctionsHostOptions>>().Value;
        var prefix = options.RoutePrefix;
        foreach (var function in catalog.HttpFunctions)
        {
            var methods = function.Methods is null ? "ANY" : string.Join(',', function.Methods);
            var route = string.IsNullOrEmpty(prefix) ? function.Route : $"{prefix}/{function.Route}";
            LogHttpFunction(logger, function.Name, methods, route, function.AuthorizationLevel);
        }

        foreach (var function in catalog.BlobFunctions)
        {
            LogBlobFunction(logger, function.Name, function.Path.Path, function.Connection);
        }

        foreach (var function in catalog.QueueFunctions)
        {
            LogQueueFunction(logger, function.Name, function.QueueName, function.Connection);
        }

        if (catalog.BlobFunctions.Count > 0 && options.SystemKeys.Count == 0)
        {
            LogWebhookClosed(logger, BlobEventWebhook.Path, BlobsExtensionKeySetting);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{FunctionName}: [{Methods}] /{Route} ({AuthorizationLevel})")]
    private static partial void LogHttpFunction(ILogger logger, string functionName, string methods, string route, AuthorizationLevel authorizationLevel);

    [LoggerMessage(Level = LogLevel.Information, Message = "{FunctionName}: blob trigger on {BlobPath} (connection {Connection})")]
    private static partial void LogBlobFunction(ILogger logger, string functionName, string blobPath, string connection);

    [LoggerMessage(Level = LogLevel.Information, Message = "No key opens {WebhookPath} until {Setting} names the blobs_extension key")]
    private static partial void LogWebhookClosed(ILogger logger, string webhookPath, string setting);
    [LoggerMessage(Level = LogLevel.Information, Message = "{FunctionName}: queue trigger on {QueueName} (connection {Connection})")]
    private static partial void LogQueueFunction(ILogger logger, string functionName, string queueName, string connection);
}

/// <summary>A local host started in-process; dispose it to stop it.</summary>
public sealed class RunningLocalFunctionsHost(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public WebApplication App => app;

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public Uri BaseAddress => baseAddress;

    public IServiceProvider Services => app.Services;

    public HttpClient CreateClient() => new() { BaseAddress = baseAddress };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
