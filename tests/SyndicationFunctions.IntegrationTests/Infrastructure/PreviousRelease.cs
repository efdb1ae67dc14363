using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// An earlier release of the app, built from git history: <c>git archive</c> of the commit into
/// <c>artifacts/releases/{commit}</c>, then <c>dotnet build</c> of its local host (restored from NuGet like today's).
/// Each commit is built once per test run (and kept while its build marker is there); <see cref="StartAsync"/> runs it
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
    {
        var root = RepositoryRoot.Path;
        var (found, _) = await RunAsync("git", ["-C", root, "cat-file", "-e", commit + "^{commit}"], root);
        if (!found)
        {
            throw new InvalidOperationException(
                $"Commit {commit} is not in this clone's history; the upgrade tests build it. Fetch the history (git fetch --unshallow) and run again.");
        }

        var folder = Path.Combine(root, "artifacts", "releases", commit);
        var project = Path.Combine(folder, "src", "SyndicationFunctions.LocalHost");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "SyndicationFunctions.LocalHost.dll");
        var marker = Path.Combine(folder, ".built");
        if (File.Exists(marker) && File.Exists(dll))
        {
            return new PreviousRelease(commit, dll);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var (extracted, extractOutput) = await RunAsync("bash", ["-c", $"git -C '{root}' archive --format=tar {commit} | tar -x -C '{folder}'"], root);
        if (!extracted)
        {
            throw new InvalidOperationException($"git archive of {commit} failed:\n{extractOutput}");
        }

        var (built, buildOutput) = await RunAsync("dotnet", ["build", project, "-c", "Release", "-v", "q", "-nologo", "-p:TreatWarningsAsErrors=false"], folder);
        if (!built || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet build of {commit} failed:\n{buildOutput}");
        }

        await File.WriteAllTextAsync(marker, commit);
        return new PreviousRelease(commit, dll);
    }

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

    private static async Task<(bool Ok, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into another build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode == 0, await output + await error);
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
