using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SyndicationFunctions.Testing;

/// <summary>
/// Azurite as package.json pins it (node_modules/.bin, from <c>npm ci</c>), in memory on free loopback ports,
/// owned by this process and killed when it is disposed. Shared by the storage-backed test projects (through
/// <see cref="AzuriteFixture"/>) and the load test.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's published development account; it guards nothing.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        (BlobPort, QueuePort, TablePort) = (blobPort, queuePort, tablePort);
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>CPU time Azurite has used so far (all its threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public bool Owns(int port) => port == BlobPort || port == QueuePort || port == TablePort;

    /// <summary>
    /// Azurite as its users start it: offline (<c>--disableTelemetry</c>), and checking API versions (no
    /// <c>--skipApiVersionCheck</c>), so the tests prove the app's pinned service versions are ones it serves.
    /// </summary>
    public static IReadOnlyList<string> Arguments(int blobPort, int queuePort, int tablePort) =>
    [
        "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
        "--blobPort", Text(blobPort), "--queuePort", Text(queuePort), "--tablePort", Text(tablePort),
        "--inMemoryPersistence", "--silent", "--disableTelemetry",
    ];

    public static Task<AzuriteProcess> StartAsync() => StartAsync(null);

    /// <summary>Starts on the given ports (blob, queue, table), or on free ones when null.</summary>
    public static async Task<AzuriteProcess> StartAsync((int Blob, int Queue, int Table)? ports)
    {
        var executable = Find();
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = ports ?? (FreePort(), FreePort(), FreePort());
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in Arguments(blob, queue, table))
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var azurite = new AzuriteProcess(process, blob, queue, table);
            if (await azurite.ListensAsync().ConfigureAwait(false))
            {
                return azurite;
            }

            await azurite.DisposeAsync().ConfigureAwait(false);
            if (attempt == 5)
            {
                throw new InvalidOperationException("Azurite did not start listening after five attempts.");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>True once all three ports answer and the process we started is still the one running.</summary>
    private async Task<bool> ListensAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    return false;
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
            }
        }

        // A port that answers may belong to another Azurite that won the race for it.
        await Task.Delay(300).ConfigureAwait(false);
        return !_process.HasExited;
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run 'npm ci' at the repository root.");
    }

    /// <summary>A free loopback port below Linux's ephemeral range, where outgoing connections would land.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw again.
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
