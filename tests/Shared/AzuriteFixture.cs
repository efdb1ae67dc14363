using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace SyndicationFunctions.Testing;

/// <summary>
/// Azurite (blob, queue and table), the version package.json pins, installed from npm under the repository
/// (node_modules/.bin, by test.sh), started in memory on free loopback ports and stopped after the tests.
/// Compiled into every test project that needs real storage (tests/Shared).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's published development account; it guards nothing.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _azurite;

    public string ConnectionString { get; private set; } = string.Empty;

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public BlobServiceClient Service { get; private set; } = null!;

    /// <summary>A container no other test uses.</summary>
    public BlobContainerClient NewContainer() => Service.GetBlobContainerClient($"test-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        // Another Azurite (tests run in parallel) may take a port between choosing and binding it: try again elsewhere.
        for (var attempt = 1; ; attempt++)
        {
            var (blobPort, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            _azurite = Process.Start(new ProcessStartInfo(FindAzurite())
            {
                ArgumentList =
                {
                    "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                    "--blobPort", Text(blobPort), "--queuePort", Text(queuePort), "--tablePort", Text(tablePort),
                    "--inMemoryPersistence", "--silent", "--skipApiVersionCheck",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("Azurite did not start.");
            _azurite.OutputDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
            _azurite.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
            _azurite.BeginOutputReadLine();
            _azurite.BeginErrorReadLine();

            try
            {
                foreach (var port in new[] { blobPort, queuePort, tablePort })
                {
                    await WaitUntilListeningAsync(port);
                }

                // A port that answers may be someone else's: make sure this Azurite is the one still running.
                await Task.Delay(300);
                if (_azurite.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_azurite.ExitCode}.");
                }
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                await DisposeAsync();
                continue;
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(ex.Message + " " + string.Join(" | ", errors), ex);
            }

            (BlobPort, TablePort) = (blobPort, tablePort);
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
                $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
            Service = new BlobServiceClient(ConnectionString);
            return;
        }
    }

    public Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            _azurite.WaitForExit(5000);
        }

        _azurite?.Dispose();
        return Task.CompletedTask;
    }

    private static string FindAzurite()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run 'npm install' (or 'npm install azurite --no-save') at the repository root.");
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A loopback port nothing listens on at the moment of asking, below Linux's ephemeral range
    /// (32768 and up), where the tests' own outgoing connections would otherwise land.
    /// </summary>
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

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_azurite!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_azurite.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {port} within 30 seconds.");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
