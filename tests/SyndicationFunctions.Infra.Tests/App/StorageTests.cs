using System.Text.Json.Nodes;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/storage.bicep: one account, reachable only with Entra ID, with what the app uses.</summary>
public sealed class StorageTests
{
    private const string AccountType = "Microsoft.Storage/storageAccounts";
    private const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string TableType = "Microsoft.Storage/storageAccounts/tableServices/tables";
    private const string QueueType = "Microsoft.Storage/storageAccounts/queueServices/queues";

    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static JsonNode AccountProperties => Infra.OnlyResource(AccountType)["properties"]!;

    private static string AccountName => (string)Infra.OnlyResource(AccountType)["name"]!;

    public static TheoryData<string> AppContainers => [.. StorageNames.Containers];

    public static TheoryData<string> AppTables => [.. StorageNames.Tables, .. SyndicationFunctions.Push.PushNames.Tables];

    public static TheoryData<string> AppQueues => [.. SyndicationFunctions.Push.PushNames.Queues];

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsDisabled()
        => Assert.False((bool)AccountProperties["allowSharedKeyAccess"]!);

    [Fact]
    public void StorageAccount_BlobPublicAccess_IsDisabled()
        => Assert.False((bool)AccountProperties["allowBlobPublicAccess"]!);

    [Fact]
    public void StorageAccount_MinimumTls_Is12()
        => Assert.Equal("TLS1_2", (string)AccountProperties["minimumTlsVersion"]!);

    [Fact]
    public void StorageAccount_HttpsTraffic_IsRequired()
        => Assert.True((bool)AccountProperties["supportsHttpsTrafficOnly"]!);

    [Fact]
    public void StorageAccount_DefaultAuthentication_IsEntraId()
        => Assert.True((bool)AccountProperties["defaultToOAuthAuthentication"]!);

    [Fact]
    public void Containers_EveryOne_HasNoPublicAccess()
    {
        var containers = Infra.ResourcesOfType(ContainerType).ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, container => Assert.Equal("None", (string?)container["properties"]?["publicAccess"]));
    }

    [Theory]
    [MemberData(nameof(AppContainers))]
    public void Containers_ContainerTheAppUses_IsCreated(string container)
        => Assert.Contains($"{AccountName}/default/{container}", Infra.ResourcesOfType(ContainerType).Select(resource => (string)resource["name"]!));

    [Theory]
    [MemberData(nameof(AppTables))]
    public void Tables_TableTheAppUses_IsCreated(string table)
        => Assert.Contains($"{AccountName}/default/{table}", Infra.ResourcesOfType(TableType).Select(resource => (string)resource["name"]!));

    [Theory]
    [MemberData(nameof(AppQueues))]
    public void Queues_QueueATriggerReads_IsCreated(string queue)
        => Assert.Contains($"{AccountName}/default/{queue}", Infra.ResourcesOfType(QueueType).Select(resource => (string)resource["name"]!));

    [Fact]
    public void Containers_DeploymentPackageContainer_IsCreated()
    {
        // Flex Consumption reads the package from the container named at the end of the deployment storage URL.
        var packageUrl = (string)Infra.OnlyResource("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!;
        var containerNames = Infra.ResourcesOfType(ContainerType).Select(resource => ((string)resource["name"]!).Split('/')[^1]);

        Assert.Contains(containerNames, name => packageUrl.Contains($"'{name}')]", StringComparison.Ordinal));
    }
}
