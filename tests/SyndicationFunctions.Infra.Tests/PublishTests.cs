using System.Text.Json.Nodes;
using System.Xml.Linq;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Infra.Tests;

/// <summary>How the Functions project is published: local settings stay local, the code is ReadyToRun for Flex.</summary>
public sealed class PublishTests
{
    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static XDocument Project
        => XDocument.Load(Infra.PathInRepository("src", "SyndicationFunctions", "SyndicationFunctions.csproj"));

    [Fact]
    public void Project_LocalSettings_IsNeverPublished()
    {
        var item = Project.Descendants("None").Single(none => (string?)none.Attribute("Update") == "local.settings.json");

        Assert.Equal("Never", (string?)item.Attribute("CopyToPublishDirectory"));
    }

    [Fact]
    public void Project_Publish_IsReadyToRunForLinuxX64()
    {
        var publishing = Project.Descendants("PropertyGroup")
            .Single(group => ((string?)group.Attribute("Condition"))?.Contains("_IsPublishing", StringComparison.Ordinal) == true);

        Assert.Equal("true", (string?)publishing.Element("PublishReadyToRun"));
        Assert.Equal("linux-x64", (string?)publishing.Element("RuntimeIdentifier"));
        Assert.Equal("false", (string?)publishing.Element("SelfContained"));
    }

    [Fact]
    public void Git_LocalSettings_IsIgnored()
        => Assert.Contains("local.settings.json", File.ReadAllLines(Infra.PathInRepository(".gitignore")).Select(line => line.Trim()));

    [Fact]
    public void LocalSettingsExample_Connections_AreTheOnesTheCodeUses()
    {
        var values = JsonNode.Parse(File.ReadAllText(
            Infra.PathInRepository("src", "SyndicationFunctions", "local.settings.example.json")))!["Values"]!.AsObject();

        Assert.Equal("dotnet-isolated", (string)values["FUNCTIONS_WORKER_RUNTIME"]!);
        Assert.All(AppBindings.StorageConnections(), connection => Assert.True(values.ContainsKey(connection), $"example lacks {connection}"));
        Assert.Contains(StorageNames.Connection, values.Select(value => value.Key));
    }
}
