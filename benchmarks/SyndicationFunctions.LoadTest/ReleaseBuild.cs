using System.Diagnostics;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// The local host of an earlier commit, built from git history the way the upgrade tests build theirs
/// (tests/SyndicationFunctions.IntegrationTests/Infrastructure/PreviousRelease.cs): <c>git archive</c> of the commit
/// into <c>artifacts/releases/{commit}</c>, then <c>dotnet build</c> of its local host. A folder with its build
/// marker is reused, by either of them.
/// </summary>
public static class ReleaseBuild
{
    public static async Task<string> BuildAsync(string commit, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var root = HostProcess.RepositoryRoot();
        var (found, _) = await RunAsync("git", ["-C", root, "cat-file", "-e", commit + "^{commit}"], root).ConfigureAwait(false);
        if (!found)
        {
            throw new InvalidOperationException($"Commit {commit} is not in this clone's history (git fetch --unshallow, then run again).");
        }

        var folder = Path.Combine(root, "artifacts", "releases", commit);
        var project = Path.Combine(folder, "src", "SyndicationFunctions.LocalHost");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "SyndicationFunctions.LocalHost.dll");
        var marker = Path.Combine(folder, ".built");
        if (File.Exists(marker) && File.Exists(dll))
        {
            progress.WriteLine($"baseline {commit}: already built in {folder}");
            return dll;
        }

        progress.WriteLine($"baseline {commit}: git archive and dotnet build into {folder}...");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var (extracted, extractOutput) = await RunAsync("bash", ["-c", $"git -C '{root}' archive --format=tar {commit} | tar -x -C '{folder}'"], root).ConfigureAwait(false);
        if (!extracted)
        {
            throw new InvalidOperationException($"git archive of {commit} failed:\n{extractOutput}");
        }

        var (built, buildOutput) = await RunAsync("dotnet", ["build", project, "-c", "Release", "-v", "q", "-nologo", "-p:TreatWarningsAsErrors=false"], folder).ConfigureAwait(false);
        if (!built || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet build of {commit} failed:\n{buildOutput}");
        }

        await File.WriteAllTextAsync(marker, commit).ConfigureAwait(false);
        return dll;
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

        // dotnet run's MSBuild settings must not leak into another build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return (process.ExitCode == 0, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }
}
