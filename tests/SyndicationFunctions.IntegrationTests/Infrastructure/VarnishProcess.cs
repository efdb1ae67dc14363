using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Varnish from Debian (<c>varnishd</c>, which ./test.sh installs) as a shared cache in front of one backend on
/// loopback: in the foreground, in a working folder of its own, on a free port, killed when disposed.
/// </summary>
public sealed class VarnishProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private VarnishProcess(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>Where readers reach the cache, e.g. <c>http://127.0.0.1:23456/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts varnishd with <paramref name="vclTemplate"/> (its <c>{{BACKEND_PORT}}</c> filled in).</summary>
    public static async Task<VarnishProcess> StartAsync(string vclTemplate, int backendPort)
    {
        var executable = Find();
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("varnish-").FullName;
            var vcl = Path.Combine(folder, "shared-cache.vcl");
            await File.WriteAllTextAsync(vcl, File.ReadAllText(vclTemplate).Replace("{{BACKEND_PORT}}", backendPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            var port = AzuriteProcess.FreePort();
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments =
            [
                "-F", "-j", "none", "-n", Path.Combine(folder, "work"),
                "-a", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "-f", vcl, "-s", "malloc,32m",
                "-p", "default_grace=0", "-p", "http_gzip_support=off",
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("varnishd did not start.");
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
            process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var varnish = new VarnishProcess(process, folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
            if (await varnish.ListensAsync(port))
            {
                return varnish;
            }

            await varnish.DisposeAsync();
            if (attempt == 3)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"varnishd did not start listening after three attempts: {output}");
                }
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
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed child still held: the temp folder is cleaned another day.
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> ListensAsync(int port)
    {
        // The manager compiles the VCL (with cc) before the child listens: allow it a while.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_process.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return !_process.HasExited;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private static string Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, "varnishd"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("varnishd is not installed: ./test.sh installs Debian's varnish package.");
    }
}
