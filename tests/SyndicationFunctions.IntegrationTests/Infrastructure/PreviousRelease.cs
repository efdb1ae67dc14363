using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// An earlier release of the app, built from git history by <see cref="ReleaseBuild"/>. Each commit is built once per
/// test run (and kept while its build marker is there); <see cref="StartAsync"/> runs it
/// against a test's Azurite so a test can write data in that release's layout and then upgrade it. The next layout
/// change adds its commit here and an upgrade test beside <c>Storage/Layout/UpgradeTests.cs</c>.
/// </summary>
public sealed class PreviousRelease
{
    /// <summary>The last release with the table <c>articles</c> (layout 1).</summary>
    public const string ArticlesTableLayout = "e7c431e8d5ae2f9aa349957e39a051ac7ec6c765";

    /// <summary>The last release that recorded no layout version (layout 2).</summary>
    public const string UnversionedLayout = "4a3b3e7";

    /// <summary>The last release of layout 2 (one partition, one counters row every write replaced), with its version recorded.</summary>
    public const string SinglePartitionLayout = "a5620d9";

    public const string FunctionKey = "previous-release-key";

    private static readonly ConcurrentDictionary<string, Lazy<Task<PreviousRelease>>> Builds = new(StringComparer.Ordinal);

    private PreviousRelease(string commit, string hostDll) => (Commit, HostDll) = (commit, hostDll);

    public string Commit { get; }

    private string HostDll { get; }

    public static Task<PreviousRelease> BuildAsync(string commit)
        => Builds.GetOrAdd(commit, c => new Lazy<Task<PreviousRelease>>(() => BuildOnceAsync(c))).Value;

    private static async Task<PreviousRelease> BuildOnceAsync(string commit)
        => new(commit, await ReleaseBuild.BuildLocalHostAsync(RepositoryRoot.Path, commit));

    /// <summary>Starts this release's local host on a free port against <paramref name="connectionString"/>; returns once it answers.</summary>
    public async Task<RunningRelease> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = AzuriteFixture.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
        };
        start.ArgumentList.Add(HostDll);
        start.Environment["ArticleStorage"] = connectionString;
        start.Environment["SYNDICATION_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SYNDICATION_FUNCTION_KEY"] = FunctionKey;
        start.Environment["SYNDICATION_INBOX_SCAN_SECONDS"] = "0.2";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The previous release did not start.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new RunningRelease(process, new Uri($"http://127.0.0.1:{port}"), log);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await running.Client.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return running;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await running.DisposeAsync();
        throw new InvalidOperationException($"The release {Commit} did not answer /api/health within a minute.");
    }

    /// <summary>The release's last 200 lines of output, for a failing test's message.</summary>
    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 200 && log.TryDequeue(out _))
        {
        }
    }
}

/// <summary>A previous release's local host process; disposing kills it, as a stop or a crash would.</summary>
public sealed class RunningRelease(Process process, Uri baseAddress, IEnumerable<string> log) : IAsyncDisposable
{
    /// <summary>What the release wrote lately (its log), for a failing test's message.</summary>
    public string Log => string.Join('\n', log);

    public HttpClient Client { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
