using System.Text.Json.Nodes;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/storage-access.bicep and monitoring.bicep: data-plane roles only, on the resources they serve.</summary>
public sealed class RoleAssignmentTests
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static List<JsonObject> Assignments => [.. Infra.ResourcesOfType(RoleAssignmentType)];

    private static string IdentityId => (string)Infra.OnlyResource("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

    private static IEnumerable<string> RolesAt(string scopeId)
        => Assignments.Where(assignment => ScopeOf(assignment) == scopeId)
            .Select(assignment => BuiltInRoles.IdOf((string)assignment["properties"]!["roleDefinitionId"]!));

    private static string ScopeOf(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        return id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)];
    }

    [Fact]
    public void RoleAssignments_StorageAccount_AreBlobDataOwnerQueueAndTableDataContributor()
    {
        var storageAccount = (string)Infra.OnlyResource("Microsoft.Storage/storageAccounts")["id"]!;

        Assert.Equal(
            new[] { BuiltInRoles.StorageBlobDataOwner, BuiltInRoles.StorageQueueDataContributor, BuiltInRoles.StorageTableDataContributor }
                .Order(StringComparer.Ordinal),
            RolesAt(storageAccount).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RoleAssignments_ApplicationInsights_IsMonitoringMetricsPublisherOnly()
        => Assert.Equal([BuiltInRoles.MonitoringMetricsPublisher], RolesAt((string)Infra.OnlyResource("Microsoft.Insights/components")["id"]!));

    [Fact]
    public void RoleAssignments_Every_IsScopedToOneResourceNotAGroupOrSubscription()
    {
        string[] resources =
        [
            (string)Infra.OnlyResource("Microsoft.Storage/storageAccounts")["id"]!,
            (string)Infra.OnlyResource("Microsoft.Insights/components")["id"]!,
        ];

        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, assignment => Assert.Contains(ScopeOf(assignment), resources));
    }

    [Fact]
    public void RoleAssignments_Every_GoesToTheAppsIdentityAsServicePrincipal()
    {
        var principal = $"[reference('{IdentityId}', '2024-11-30').principalId]";

        Assert.All(Assignments, assignment =>
        {
            Assert.Equal(principal, (string)assignment["properties"]!["principalId"]!);
            Assert.Equal("ServicePrincipal", (string)assignment["properties"]!["principalType"]!);
        });
    }

    [Fact]
    public void RoleAssignments_Names_AreGuidOfScopePrincipalAndRole()
    {
        var templates = Infra.TemplateResources().Where(resource => (string?)resource["type"] == RoleAssignmentType).ToList();

        Assert.Equal(Assignments.Count, templates.Count);
        Assert.All(templates, assignment =>
        {
            // guid(<scope>.id, <identity>.id, <role>) as Bicep compiles it: deterministic, so redeploying updates in place.
            var name = (string)assignment["name"]!;
            Assert.Matches(@"^\[guid\(resourceId\('[^']+', parameters\('[A-Za-z]+'\)\), resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', parameters\('[A-Za-z]+'\)\), variables\('[A-Za-z]+'\)\)\]$", name);
        });
        Assert.All(Assignments, assignment => Assert.True(Guid.TryParse((string)assignment["name"]!, out _)));
        Assert.Equal(Assignments.Count, Assignments.Select(assignment => (string)assignment["name"]!).Distinct().Count());
    }
}
