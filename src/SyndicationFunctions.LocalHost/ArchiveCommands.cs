using SyndicationFunctions.Backup;
using SyndicationFunctions.Storage.Layout;

namespace SyndicationFunctions.LocalHost;

/// <summary>
/// <c>SyndicationFunctions.LocalHost export FILE</c> and <c>import FILE</c>: the whole store of the configured storage
/// (the <c>ArticleStorage</c> connection string) to or from a gzip NDJSON archive, with the same classes the scheduled
/// backup uses in Azure. Export first brings an older layout up to date; import wants an empty store.
/// </summary>
public static class ArchiveCommands
{
    public const string ExportVerb = "export";
    public const string ImportVerb = "import";

    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> arguments, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (arguments.Count != 1)
        {
            await output.WriteLineAsync($"usage: SyndicationFunctions.LocalHost {verb} FILE.ndjson.gz").ConfigureAwait(false);
            return 2;
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSyndication(configuration);
        await using var provider = services.BuildServiceProvider();
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            ArchiveCounts counts;
            if (verb == ExportVerb)
            {
                await provider.GetRequiredService<LayoutMigrator>().RunAsync(cancellationToken).ConfigureAwait(false);
                await using var file = File.Create(arguments[0]);
                counts = await provider.GetRequiredService<StoreExporter>().ExportAsync(file, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var file = File.OpenRead(arguments[0]);
                counts = await provider.GetRequiredService<StoreImporter>().ImportAsync(file, cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"{verb}: {counts.Articles} articles, {counts.Changes} changes, {started.Elapsed.TotalSeconds:F1} s ({arguments[0]})").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            await output.WriteLineAsync($"{verb} failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
