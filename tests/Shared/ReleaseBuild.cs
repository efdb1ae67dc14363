using System.Diagnostics;

namespace SyndicationFunctions.Testing;

/// <summary>
/// The local host of an earlier commit, built from git history: <c>git archive</c> of the commit into
/// <c>artifacts/releases/{commit}</c>, then <c>dotnet build</c> of its local host (restored from NuGet like today's).
/// A folder with its build marker is reused. The upgrade tests and the load test's <c>--baseline-commit</c> both build
/// their earlier releases here.
/// </summary>
public static class ReleaseBuild
{
    /// <summary>Builds (or finds built) <paramref name="commit"/>'s local host under <paramref name="repositoryRoot"/>; returns its dll.</summary>
    public static async Task<string> BuildLocalHostAsync(string repositoryRoot, string commit, TextWriter? progress = null)
    {
        var (found, _) = await RunAsync("git", ["-C", repositoryRoot, "cat-file", "-e", commit + "^{commit}"], repositoryRoot).ConfigureAwait(false);
        if (!found)
        {
            throw new InvalidOperationException(
                $"Commit {commit} is not in this clone's history; it is built from there. Fetch the history (git fetch --unshallow) and run again.");
        }

        var folder = Path.Combine(repositoryRoot, "artifacts", "releases", commit);
        var project = Path.Combine(folder, "src", "SyndicationFunctions.LocalHost");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "SyndicationFunctions.LocalHost.dll");
        var marker = Path.Combine(folder, ".built");
        if (File.Exists(marker) && File.Exists(dll))
        {
            progress?.WriteLine($"{commit}: already built in {folder}");
            return dll;
        }

        progress?.WriteLine($"{commit}: git archive and dotnet build into {folder}...");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var (extracted, extractOutput) = await RunAsync("bash", ["-c", $"git -C '{repositoryRoot}' archive --format=tar {commit} | tar -x -C '{folder}'"], repositoryRoot).ConfigureAwait(false);
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

        // The caller's MSBuild and test-host settings (dotnet run, dotnet test) must not leak into another build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (false, $"{file} did not finish within 15 minutes.");
        }

        return (process.ExitCode == 0, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }
}
