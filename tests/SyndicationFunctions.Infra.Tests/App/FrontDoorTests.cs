using System.Text.Json.Nodes;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>
/// infra/app/front-door.bicep and front-door-route.bicep: with <c>enableFrontDoor</c> on (the baseline), a
/// Front Door Standard CDN that caches by the app's own headers, keeps the query string, compresses nothing,
/// is what the feeds link to, and is the only way in; with it off, none of that exists.
/// </summary>
public sealed class FrontDoorTests
{
    private const string ProfileType = "Microsoft.Cdn/profiles";
    private const string EndpointType = "Microsoft.Cdn/profiles/afdEndpoints";
    private const string RouteType = "Microsoft.Cdn/profiles/afdEndpoints/routes";
    private const string OriginGroupType = "Microsoft.Cdn/profiles/originGroups";
    private const string OriginType = "Microsoft.Cdn/profiles/originGroups/origins";

    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static JsonObject Route => Infra.OnlyResource(RouteType);

    private static JsonObject BrowserRule => Infra.OnlyResource("Microsoft.Cdn/profiles/ruleSets/rules");

    private static JsonObject SiteConfig(InfraArtifacts infra) => infra.OnlyResource("Microsoft.Web/sites")["properties"]!["siteConfig"]!.AsObject();

    private static string AppSetting(InfraArtifacts infra, string name)
        => (string)infra.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(resource => ((string)resource["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]![name]!;

    private static string SiteHostNameReference
        => $"[reference('{(string)Infra.OnlyResource("Microsoft.Web/sites")["id"]!}', '2024-11-01').defaultHostName]";

    [Fact]
    public void Profile_Sku_IsFrontDoorStandard()
    {
        var profile = Infra.OnlyResource(ProfileType);

        Assert.Equal("Standard_AzureFrontDoor", (string)profile["sku"]!["name"]!);
        Assert.Equal("global", (string)profile["location"]!);
    }

    [Theory]
    [InlineData(ProfileType)]
    [InlineData(EndpointType)]
    [InlineData(OriginGroupType)]
    [InlineData(OriginType)]
    [InlineData(RouteType)]
    [InlineData("Microsoft.Cdn/profiles/ruleSets")]
    [InlineData("Microsoft.Cdn/profiles/ruleSets/rules")]
    public void FrontDoor_ParameterOff_DeploysNone(string type)
    {
        Assert.Single(Infra.ResourcesOfType(type));
        Assert.Empty(InfraArtifacts.WithoutFrontDoor.ResourcesOfType(type));
    }

    [Fact]
    public void FrontDoor_ParameterOff_LeavesTheAppOpenAndLinkingToItself()
    {
        var withoutCdn = InfraArtifacts.WithoutFrontDoor;
        var siteConfig = SiteConfig(withoutCdn);

        Assert.Equal("Allow", (string)siteConfig["ipSecurityRestrictionsDefaultAction"]!);
        Assert.Empty(siteConfig["ipSecurityRestrictions"]!.AsArray());
        Assert.DoesNotContain("Microsoft.Cdn", AppSetting(withoutCdn, "Syndication__PublicBaseUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_Cache_KeepsTheQueryStringAndCompressesNothing()
    {
        var cache = Route["properties"]!["cacheConfiguration"]!;

        Assert.Equal("UseQueryString", (string)cache["queryStringCachingBehavior"]!);
        Assert.False((bool)cache["compressionSettings"]!["isCompressionEnabled"]!);
    }

    [Fact]
    public void Route_Cache_FollowsTheAppsCacheControlWithNoOverride()
    {
        // The one rule may only turn caching off for some requests: no lifetime of its own, no other action.
        var actions = BrowserRule["properties"]!["actions"]!.AsArray().Select(action => action!.AsObject()).ToList();

        Assert.Null(Route["properties"]!["cacheConfiguration"]!["cacheBehavior"]);
        Assert.Equal(["RouteConfigurationOverride"], actions.Select(action => (string)action["name"]!));
        Assert.Null(actions[0]["parameters"]!["cacheConfiguration"]);
        Assert.DoesNotContain("cacheDuration", Infra.ResourcesOfType("Microsoft.Cdn/profiles/ruleSets/rules").Single().ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Route_BrowserRequests_SkipTheCacheSoTheirAcceptReachesTheApp()
    {
        var ruleSet = Infra.OnlyResource("Microsoft.Cdn/profiles/ruleSets");
        var condition = BrowserRule["properties"]!["conditions"]!.AsArray().Single()!;

        Assert.Equal([(string)ruleSet["id"]!], Route["properties"]!["ruleSets"]!.AsArray().Select(set => (string)set!["id"]!));
        Assert.Equal("RequestHeader", (string)condition["name"]!);
        Assert.Equal("Accept", (string)condition["parameters"]!["selector"]!);
        Assert.Equal("Contains", (string)condition["parameters"]!["operator"]!);
        Assert.False((bool)condition["parameters"]!["negateCondition"]!);

        // Exactly the types the app answers with a page.
        Assert.Equal(["text/html", "application/xhtml+xml"], condition["parameters"]!["matchValues"]!.AsArray().Select(value => (string)value!));
    }

    [Fact]
    public void Route_EveryPath_GoesToTheAppOverHttps()
    {
        var properties = Route["properties"]!;

        Assert.Equal(["/*"], properties["patternsToMatch"]!.AsArray().Select(pattern => (string)pattern!));
        Assert.Equal("HttpsOnly", (string)properties["forwardingProtocol"]!);
        Assert.Equal("Enabled", (string)properties["httpsRedirect"]!);
        Assert.Equal((string)Infra.OnlyResource(OriginGroupType)["id"]!, (string)properties["originGroup"]!["id"]!);
        Assert.StartsWith((string)Infra.OnlyResource(EndpointType)["name"]! + "/", (string)Route["name"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Origin_HostAndHostHeader_AreTheAppsOwnHostName()
    {
        var origin = Infra.OnlyResource(OriginType)["properties"]!;

        Assert.Equal(SiteHostNameReference, (string)origin["hostName"]!);
        Assert.Equal(SiteHostNameReference, (string)origin["originHostHeader"]!);
        Assert.True((bool)origin["enforceCertificateNameCheck"]!);
    }

    [Fact]
    public void AppSettings_PublicBaseUrl_IsTheFrontDoorEndpoint()
    {
        var endpoint = (string)Infra.OnlyResource(EndpointType)["id"]!;

        Assert.Contains($"format('https://{{0}}', reference('{endpoint}', '2024-02-01').hostName)", AppSetting(Infra, "Syndication__PublicBaseUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_BehindFrontDoor_AdmitsOnlyThisProfileAndEventGrid()
    {
        var siteConfig = SiteConfig(Infra);
        var rules = siteConfig["ipSecurityRestrictions"]!.AsArray().Select(rule => rule!.AsObject()).ToList();
        var profile = (string)Infra.OnlyResource(ProfileType)["id"]!;

        Assert.Equal("Deny", (string)siteConfig["ipSecurityRestrictionsDefaultAction"]!);
        Assert.All(rules, rule => Assert.Equal("Allow", (string)rule["action"]!));
        Assert.All(rules, rule => Assert.Equal("ServiceTag", (string)rule["tag"]!));

        // The service tag alone admits every Front Door profile in Azure; the header names this one.
        var frontDoor = rules.Single(rule => (string)rule["ipAddress"]! == "AzureFrontDoor.Backend");
        Assert.Equal(
            [$"[reference('{profile}', '2024-02-01').frontDoorId]"],
            frontDoor["headers"]!["x-azure-fdid"]!.AsArray().Select(id => (string)id!));

        // The inbox's Event Grid subscription calls the app's own host name, not the CDN.
        Assert.Contains(rules, rule => (string)rule["ipAddress"]! == "AzureEventGrid");
        Assert.Equal(2, rules.Count);
    }

    [Fact]
    public void Outputs_FrontDoorUrl_IsAnOutput()
        => Assert.True(Infra.Template["outputs"]!.AsObject().ContainsKey("AZURE_FRONT_DOOR_URL"));
}
