using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// One local host in a process of its own (<c>dotnet SyndicationFunctions.LocalHost.dll</c>, as run.sh starts it), on a
/// free loopback port, with its settings as environment variables. It counts the lines of its output that contain
/// <see cref="CountedText"/> (a log message: each write-conflict retry, say) and keeps its last lines for errors.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string FunctionKey = "load-test-key";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _recent = new();
    private long _counted;

    private HostProcess(Process process, Uri baseAddress, string countedText)
    {
        _process = process;
        BaseAddress = baseAddress;
        CountedText = countedText;
        Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string CountedText { get; }

    /// <summary>Lines of output so far that contain <see cref="CountedText"/>.</summary>
    public long Counted => Interlocked.Read(ref _counted);

    /// <summary>The process's last lines of output.</summary>
    public string RecentOutput => string.Join('\n', _recent);

    /// <summary>
    /// Starts <paramref name="hostDll"/> against <paramref name="connectionString"/> and returns once <c>/api/health</c>
    /// answers 200. Logging is at Warning except the storage layer's (namespace <c>SyndicationFunctions.Storage</c>),
    /// which stays at Information so its retry messages can be counted; <paramref name="settings"/> come last and win.
    /// </summary>
    public static async Task<HostProcess> StartAsync(
        string hostDll, string connectionString, string countedText, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.ArgumentList.Add(hostDll);
        start.Environment["ArticleStorage"] = connectionString;
        start.Environment["SYNDICATION_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["SYNDICATION_FUNCTION_KEY"] = FunctionKey;
        start.Environment["SYNDICATION_INBOX_SCAN_SECONDS"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__SyndicationFunctions.Storage"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {hostDll} did not start.");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"), countedText);
        process.OutputDataReceived += (_, e) => host.Read(e.Data);
        process.ErrorDataReceived += (_, e) => host.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
        {
            try
            {
                using var response = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        var output = host.RecentOutput;
        await host.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"The local host {hostDll} did not answer /api/health within 90 s:\n{output}");
    }

    /// <summary>The local host this checkout built: src/SyndicationFunctions.LocalHost/bin/Release (dotnet run -c Release builds it first).</summary>
    public static string CurrentHostDll()
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "SyndicationFunctions.LocalHost", "bin", "Release", "net10.0", "SyndicationFunctions.LocalHost.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build it (dotnet build SyndicationFunctions.sln -c Release) or pass --app PATH.");
    }

    /// <summary>
    /// A host dll named on the command line: <c>dotnet run</c> starts the load test in its project folder, so a relative
    /// path is looked for there and then under the repository root, where the commands in docs/PERFORMANCE.md run.
    /// </summary>
    public static string Resolve(string path)
    {
        var candidates = new[] { Path.GetFullPath(path), Path.GetFullPath(path, RepositoryRoot()) };
        return candidates.FirstOrDefault(File.Exists) ?? throw new ArgumentException($"--app: no file at {string.Join(" or ", candidates.Distinct())}.");
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SyndicationFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"SyndicationFunctions.sln was not found above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains(CountedText, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _counted);
        }

        _recent.Enqueue(line);
        while (_recent.Count > 100 && _recent.TryDequeue(out _))
        {
        }
    }
}
