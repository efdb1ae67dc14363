using System.Text.Json.Nodes;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Infra.Tests;

/// <summary>host.json (repository root) as the Functions host reads it in Azure.</summary>
public sealed class HostJsonTests
{
    private static JsonNode HostJson
        => JsonNode.Parse(File.ReadAllText(InfraArtifacts.Current.PathInRepository("host.json")))!;

    [Fact]
    public void HostJson_Version_Is2()
        => Assert.Equal("2.0", (string)HostJson["version"]!);

    [Fact]
    public void HostJson_RoutePrefix_IsTheOneTheRoutesAssume()
        => Assert.Equal(Routes.HostPrefix, (string)HostJson["extensions"]!["http"]!["routePrefix"]!);

    [Fact]
    public void HostJson_Sampling_KeepsEveryRequestAndException()
    {
        var sampling = HostJson["logging"]!["applicationInsights"]!["samplingSettings"]!;
        var excluded = ((string)sampling["excludedTypes"]!).Split(';', StringSplitOptions.TrimEntries);

        Assert.True((bool)sampling["isEnabled"]!);
        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
    }

    [Fact]
    public void HostJson_RequestLogs_AreKeptAtInformation()
    {
        // Host.Results is the category request telemetry comes from; below Information there is none.
        Assert.Equal("Information", (string)HostJson["logging"]!["logLevel"]!["Host.Results"]!);
    }

    [Fact]
    public void HostJson_PoisonBlobThreshold_IsSet()
    {
        var threshold = (int)HostJson["extensions"]!["blobs"]!["poisonBlobThreshold"]!;

        Assert.InRange(threshold, 1, 10);
    }

    [Fact]
    public void HostJson_FunctionTimeout_IsSetAndBounded()
    {
        var timeout = TimeSpan.Parse((string)HostJson["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        // HTTP requests are cut at 230 s by the front end whatever the timeout; the inbox needs less.
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
    }
}
