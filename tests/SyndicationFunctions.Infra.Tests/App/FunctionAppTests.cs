using System.Text.Json.Nodes;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/function-app.bicep: a Flex Consumption app that passes the security baseline.</summary>
public sealed class FunctionAppTests
{
    private const string SiteType = "Microsoft.Web/sites";

    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static JsonObject Site => Infra.OnlyResource(SiteType);

    private static JsonNode SiteConfig => Site["properties"]!["siteConfig"]!;

    private static string IdentityId => (string)Infra.OnlyResource("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

    [Fact]
    public void Plan_Sku_IsFlexConsumptionFc1()
    {
        var sku = Infra.OnlyResource("Microsoft.Web/serverfarms")["sku"]!;

        Assert.Equal("FC1", (string)sku["name"]!);
        Assert.Equal("FlexConsumption", (string)sku["tier"]!);
    }

    [Fact]
    public void FunctionApp_Plan_IsTheFlexConsumptionPlan()
        => Assert.Equal((string)Infra.OnlyResource("Microsoft.Web/serverfarms")["id"]!, (string)Site["properties"]!["serverFarmId"]!);

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        var runtime = Site["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", (string)runtime["name"]!);
        Assert.Equal("10.0", (string)runtime["version"]!);
    }

    [Fact]
    public void FunctionApp_Kind_IsLinuxFunctionApp()
        => Assert.Equal("functionapp,linux", (string)Site["kind"]!);

    [Fact]
    public void FunctionApp_HttpsOnly_IsOn()
        => Assert.True((bool)Site["properties"]!["httpsOnly"]!);

    [Fact]
    public void FunctionApp_MinimumTls_Is12ForAppAndScm()
    {
        Assert.Equal("1.2", (string)SiteConfig["minTlsVersion"]!);
        Assert.Equal("1.2", (string)SiteConfig["scmMinTlsVersion"]!);
    }

    [Fact]
    public void FunctionApp_Ftps_IsDisabled()
        => Assert.Equal("Disabled", (string)SiteConfig["ftpsState"]!);

    [Fact]
    public void FunctionApp_RemoteDebugging_IsOff()
        => Assert.False((bool)SiteConfig["remoteDebuggingEnabled"]!);

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void FunctionApp_BasicAuthPublishing_IsOff(string channel)
    {
        var policy = Infra.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .Single(resource => ((string)resource["name"]!).EndsWith("/" + channel, StringComparison.Ordinal));

        Assert.False((bool)policy["properties"]!["allow"]!);
    }

    [Fact]
    public void FunctionApp_Identity_IsOnlyTheUserAssignedIdentity()
    {
        var identity = Site["identity"]!;

        Assert.Equal("UserAssigned", (string)identity["type"]!);
        Assert.Equal([IdentityId], identity["userAssignedIdentities"]!.AsObject().Select(pair => pair.Key));
    }

    [Fact]
    public void FunctionApp_DeploymentPackage_IsReadWithTheUserAssignedIdentity()
    {
        var storage = Site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", (string)storage["type"]!);
        Assert.Equal("UserAssignedIdentity", (string)storage["authentication"]!["type"]!);
        Assert.Equal(IdentityId, (string)storage["authentication"]!["userAssignedIdentityResourceId"]!);
    }

    [Fact]
    public void FunctionApp_AzdServiceTag_NamesTheServiceInAzureYaml()
    {
        var serviceTag = (string)Site["tags"]!["azd-service-name"]!;
        var azureYaml = File.ReadAllLines(Infra.PathInRepository("azure.yaml"));

        // azure.yaml lists services two spaces in under "services:"; azd matches the tag to that key.
        var services = azureYaml.SkipWhile(line => line != "services:").Skip(1)
            .TakeWhile(line => line.Length == 0 || line.StartsWith(' '))
            .Where(line => line.Length > 2 && line[2] != ' ' && line.TrimEnd().EndsWith(':'))
            .Select(line => line.Trim().TrimEnd(':'));
        Assert.Equal([serviceTag], services);
    }
}
