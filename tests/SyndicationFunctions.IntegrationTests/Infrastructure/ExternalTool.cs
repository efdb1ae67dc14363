using System.Diagnostics;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>Runs a program nobody here wrote (a feed reader, a validator) in a folder of its own, with a deadline.</summary>
internal static class ExternalTool
{
    /// <summary>Its standard output; the test fails with its standard error when it exits with anything but 0.</summary>
    public static async Task<string> RunAsync(string folder, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Readers keep their settings under HOME; each run gets a fresh one.
        start.Environment["HOME"] = folder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
