using System.Text.RegularExpressions;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Storage;

/// <summary>The app works with Azurite as developers start it: version checks on, telemetry off.</summary>
public sealed partial class StockAzuriteTests
{
    [Fact]
    public void TestAzurite_StartsOfflineWithVersionChecksOn()
    {
        var arguments = AzuriteProcess.Arguments(1, 2, 3);

        Assert.Contains("--disableTelemetry", arguments);
        Assert.DoesNotContain("--skipApiVersionCheck", arguments);
    }

    [Fact]
    public void RunScript_StartsAzuriteOfflineWithVersionChecksOn()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "run.sh"));
        var azuriteLine = script.Split('\n').Single(line => line.TrimStart().StartsWith("node_modules/.bin/azurite", StringComparison.Ordinal));

        Assert.Contains("--disableTelemetry", azuriteLine, StringComparison.Ordinal);
        Assert.DoesNotContain("--skipApiVersionCheck", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedBlobServiceVersion_IsOneThePinnedAzuriteServes()
    {
        var constants = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "blob", "utils", "constants.js"));
        var served = ApiVersions().Match(constants).Groups["list"].Value;
        var pinned = StorageClients.BlobServiceVersion.ToString()[1..].Replace('_', '-');

        Assert.Contains($"\"{pinned}\"", served, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"exports\.ValidAPIVersions = \[(?<list>[^\]]*)\]")]
    private static partial Regex ApiVersions();
}
