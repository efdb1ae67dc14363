namespace SyndicationFunctions.LocalHost;

/// <summary>
/// The SyndicationFunctions app on the local host: the one composition that <c>Program.cs</c>
/// and the integration tests both start, so the tests run what a developer runs.
/// </summary>
public static class SyndicationLocalHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = LocalFunctionsHost.CreateBuilder(args, typeof(SyndicationServices).Assembly, settings);
        AddApp(builder);
        return builder;
    }

    /// <summary>
    /// Starts the app on a free port of 127.0.0.1 and returns once it listens. <paramref name="settings"/> take the
    /// environment-variable names (<c>ArticleStorage</c>, <c>SYNDICATION_FUNCTION_KEY</c>...) and override the environment;
    /// <paramref name="configure"/> may replace services after the app's own (a <c>TimeProvider</c>, say).
    /// </summary>
    public static Task<RunningLocalFunctionsHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default) =>
        LocalFunctionsHost.StartAsync(
            typeof(SyndicationServices).Assembly,
            settings,
            builder =>
            {
                AddApp(builder);
                configure?.Invoke(builder);
            },
            cancellationToken);

    // The Functions app's own registrations, the same ones its Program.cs makes.
    private static void AddApp(WebApplicationBuilder builder) => builder.Services.AddSyndication(builder.Configuration);
}
