namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/monitoring.bicep: workspace-based Application Insights that takes Entra-authenticated telemetry only.</summary>
public sealed class MonitoringTests
{
    private static InfraArtifacts Infra => InfraArtifacts.Current;

    [Fact]
    public void ApplicationInsights_Workspace_IsTheLogAnalyticsWorkspace()
        => Assert.Equal(
            (string)Infra.OnlyResource("Microsoft.OperationalInsights/workspaces")["id"]!,
            (string)Infra.OnlyResource("Microsoft.Insights/components")["properties"]!["WorkspaceResourceId"]!);

    [Fact]
    public void ApplicationInsights_LocalAuthentication_IsDisabled()
        => Assert.True((bool)Infra.OnlyResource("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
}
