using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Push;

/// <summary>
/// The node process of push-peer.js: WebSub subscribers (npm pubsubhubbub) and webhook receivers that verify with
/// npm standardwebhooks. Commands go in as JSON lines; every event it reports is kept, in arrival order.
/// </summary>
public sealed class PushPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonObject> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private PushPeer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) =>
        {
            if (string.IsNullOrWhiteSpace(line.Data))
            {
                return;
            }

            lock (_events)
            {
                _events.Add(JsonNode.Parse(line.Data)!.AsObject());
            }

            _arrived.Release();
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_events)
                {
                    _events.Add(new JsonObject { ["event"] = "stderr", ["text"] = line.Data });
                }
            }
        };
    }

    public static async Task<PushPeer> StartAsync()
    {
        var start = new ProcessStartInfo("node", Path.Combine(RepositoryRoot.Path, "tests", "SyndicationFunctions.IntegrationTests", "Push", "push-peer.js"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        var peer = new PushPeer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        await peer.WaitForAsync(e => Is(e, "ready"), TimeSpan.FromSeconds(30));
        return peer;
    }

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Events of <paramref name="name"/>'s peer of one kind, in arrival order.</summary>
    public IReadOnlyList<JsonObject> EventsOf(string name, string kind) => [.. Events.Where(e => Is(e, kind) && (string?)e["name"] == name)];

    /// <summary>The first event (since the start) matching <paramref name="match"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("No such push event within " + timeout + ". Events so far:\n" + string.Join('\n', Events.Select(e => e.ToJsonString()[..Math.Min(300, e.ToJsonString().Length)])));
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public static bool Is(JsonObject e, string kind) => (string?)e["event"] == kind;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _arrived.Dispose();
        await Task.CompletedTask;
    }
}
