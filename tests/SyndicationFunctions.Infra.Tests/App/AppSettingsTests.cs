using System.Reflection;
using System.Text.Json.Nodes;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>
/// The app settings in infra/app/function-app.bicep: every setting the code reads in Azure is set,
/// every connection is identity-based, and nothing else slips in.
/// </summary>
public sealed class AppSettingsTests
{
    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static JsonObject Settings
        => Infra.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(resource => ((string)resource["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!.AsObject();

    private static string Setting(string name)
        => Settings[name] is JsonValue value ? (string)value! : throw new Xunit.Sdk.XunitException($"app setting {name} is not set");

    private static string IdentityId => (string)Infra.OnlyResource("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

    private static string StorageAccountId => (string)Infra.OnlyResource("Microsoft.Storage/storageAccounts")["id"]!;

    public static TheoryData<string> StorageConnections => [.. AppBindings.StorageConnections()];

    public static TheoryData<string, string> ServiceUris => new()
    {
        { "blobServiceUri", "blob" },
        { "queueServiceUri", "queue" },
        { "tableServiceUri", "table" },
    };

    [Theory]
    [MemberData(nameof(StorageConnections))]
    public void AppSettings_StorageConnectionTheCodeUses_IsIdentityBased(string connection)
    {
        foreach (var suffix in AppBindings.IdentityConnectionSuffixes)
        {
            Assert.True(Settings.ContainsKey($"{connection}__{suffix}"), $"{connection}__{suffix} is not set");
        }

        Assert.Equal("managedidentity", Setting($"{connection}__credential"));
        Assert.Equal($"[reference('{IdentityId}', '2024-11-30').clientId]", Setting($"{connection}__clientId"));

        // A plain "{connection}" setting would be read as a connection string and win over the identity.
        Assert.False(Settings.ContainsKey(connection), $"{connection} is set as a connection string");
    }

    [Theory]
    [MemberData(nameof(ServiceUris))]
    public void AppSettings_ServiceUri_IsTheStorageAccountsEndpoint(string suffix, string endpoint)
    {
        foreach (var connection in AppBindings.StorageConnections())
        {
            Assert.Equal(
                $"[reference('{StorageAccountId}', '2025-01-01').primaryEndpoints.{endpoint}]",
                Setting($"{connection}__{suffix}"));
        }
    }

    [Fact]
    public void AppSettings_NoValue_CarriesAKeyOrConnectionString()
    {
        string[] secrets = ["listKeys", "AccountKey", "SharedAccessSignature", "DefaultEndpointsProtocol", "InstrumentationKey="];

        Assert.All(Settings, setting => Assert.DoesNotContain(
            secrets,
            secret => setting.Value!.ToJsonString().Contains(secret, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void AppSettings_ApplicationInsights_IsConnectionStringWithEntraAuthentication()
    {
        var component = (string)Infra.OnlyResource("Microsoft.Insights/components")["id"]!;

        Assert.Equal($"[reference('{component}', '2020-02-02').ConnectionString]", Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"));
        Assert.Equal(
            $"[format('ClientId={{0}};Authorization=AAD', reference('{IdentityId}', '2024-11-30').clientId)]",
            Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY")]
    public void AppSettings_SettingFlexConsumptionRejects_IsAbsent(string setting)
        => Assert.False(Settings.ContainsKey(setting), $"{setting} is set; Flex Consumption manages or rejects it");

    [Fact]
    public void AppSettings_EverySetting_IsOneTheCodeOrHostReads()
    {
        var connectionSettings = AppBindings.StorageConnections()
            .SelectMany(connection => AppBindings.IdentityConnectionSuffixes.Select(suffix => $"{connection}__{suffix}"));
        string[] telemetrySettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        string[] hostSettings = [HomepageSetting];
        var known = connectionSettings.Concat(telemetrySettings).Concat(hostSettings).Concat(AppBindings.TimerScheduleSettings())
            .ToHashSet(StringComparer.Ordinal);

        var unexplained = Settings.Select(setting => setting.Key)
            .Where(name => !known.Contains(name) && !name.StartsWith(AppBindings.OptionsSection + "__", StringComparison.Ordinal));

        Assert.Empty(unexplained);
    }

    [Fact]
    public void AppSettings_OptionsSection_MatchesTheOptionsClassOnceItExists()
    {
        var optionSettings = Settings.Select(setting => setting.Key)
            .Where(name => name.StartsWith(AppBindings.OptionsSection + "__", StringComparison.Ordinal))
            .Select(name => name[(AppBindings.OptionsSection.Length + 2)..])
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(optionSettings);

        // SyndicationOptions arrives with the feed and ingest work; until then the Bicep's Syndication
        // settings cannot be checked against it, and this test holds them to being well-formed names.
        var optionsType = AppBindings.OptionsType();
        if (optionsType is null)
        {
            Assert.All(optionSettings, name => Assert.Matches("^[A-Z][A-Za-z0-9]*$", name));
            return;
        }

        // A dictionary option is set one key at a time (Syndication__Sections__{slug}), only where an operator wants one.
        // The push settings share the section (PushOptions), so both classes' properties are the settings.
        var bindable = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Concat(typeof(SyndicationFunctions.Push.PushOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => property.SetMethod is { IsPublic: true })
            .Where(property => !property.PropertyType.IsGenericType || property.PropertyType.GetGenericTypeDefinition() != typeof(Dictionary<,>))
            .Select(property => property.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(bindable, optionSettings.Order(StringComparer.Ordinal));
    }

    /// <summary>The host's own setting that stops it serving its placeholder page at <c>/</c>, where the front page is.</summary>
    private const string HomepageSetting = "AzureWebJobsDisableHomepage";

    [Fact]
    public void AppSettings_HostPlaceholderPage_IsDisabledSoTheRootIsTheFrontPage()
    {
        Assert.Equal("", Routes.HostPrefix);
        Assert.Equal("true", Setting(HomepageSetting));
    }

    [Fact]
    public void AppSettings_PrivateNetworkCallbacks_AreRefusedInAzure()
        => Assert.Equal("false", Setting("Syndication__AllowPrivateNetworkCallbacks"));

    [Fact]
    public void AppSettings_PublicBaseUrlWithoutFrontDoor_DefaultsToTheAppsHttpsAddress()
    {
        var withoutCdn = InfraArtifacts.WithoutFrontDoor;
        var site = (string)withoutCdn.OnlyResource("Microsoft.Web/sites")["id"]!;
        var settings = withoutCdn.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(resource => ((string)resource["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!;

        Assert.Equal($"[format('https://{{0}}', reference('{site}', '2024-11-01').defaultHostName)]", (string)settings["Syndication__PublicBaseUrl"]!);
    }
}
