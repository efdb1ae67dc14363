using System.Diagnostics;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

/// <summary>
/// One node process of Readers/js_readers.js for a test class: it reads a feed over HTTP with a JavaScript feed
/// library from npm (rss-parser, @extractus/feed-extractor, as package.json pins them) and answers with the items
/// as the library gives them. One JSON line each way; a class's tests run one at a time, so answers never cross.
/// </summary>
public sealed class JsFeedLibraries : IAsyncLifetime
{
    private readonly System.Text.StringBuilder _errors = new();
    private Process? _node;

    public Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "SyndicationFunctions.IntegrationTests", "Feeds", "Readers", "js_readers.js");
        var start = new ProcessStartInfo("node", script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        _node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _node.ErrorDataReceived += (_, line) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(line.Data);
            }
        };
        _node.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    /// <summary>The items <paramref name="library"/> reads from <paramref name="url"/>; the test fails with the library's error.</summary>
    public async Task<List<JsonElement>> ReadAsync(string library, string url)
    {
        var node = _node ?? throw new InvalidOperationException("node is not started");
        await node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { library, url }));
        await node.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await node.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("node exited before answering: " + Errors);
        using var answer = JsonDocument.Parse(line);
        Assert.False(answer.RootElement.TryGetProperty("error", out var error), $"{library} could not read {url}: {error}");
        return answer.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_node is not null)
        {
            _node.StandardInput.Close();
            if (!_node.WaitForExit(5000))
            {
                _node.Kill(entireProcessTree: true);
            }

            _node.Dispose();
        }

        return Task.CompletedTask;
    }
}
