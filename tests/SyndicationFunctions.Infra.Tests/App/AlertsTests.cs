using System.Text.Json.Nodes;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/alerts.bicep and the backup settings: an action group, one alert per failure an operator must hear of, a workbook, the backup schedule.</summary>
public sealed class AlertsTests
{
    private static InfraArtifacts Infra => InfraArtifacts.Current;

    public static TheoryData<string, string> Alerts => new()
    {
        { "failed-executions", "success == false" },
        { "server-errors", "toint(resultCode) >= 500" },
        { "rejected-inbox-files", "\"syndication.inbox.files\"" },
        { "storage-unavailable", "\"syndication.storage.unavailable\"" },
        { "backup-not-run", "name == \"BackupStore\" and success == true" },
        { "poison-messages", "\"syndication.messages.poisoned\"" },
    };

    private static JsonObject AlertNamed(string name)
        => Assert.Single(Infra.ResourcesOfType("Microsoft.Insights/scheduledQueryRules"), rule => ((string)rule["name"]!).StartsWith($"alert-{name}-", StringComparison.Ordinal));

    [Fact]
    public void ActionGroup_Email_IsTheAlertEmailParameter()
    {
        var group = Infra.OnlyResource("Microsoft.Insights/actionGroups");
        Assert.True((bool)group["properties"]!["enabled"]!);
        var template = Infra.TemplateResources().Single(resource => (string?)resource["type"] == "Microsoft.Insights/actionGroups");
        Assert.Contains("parameters('alertEmail')", (string)template["properties"]!["emailReceivers"]!, StringComparison.Ordinal);
        Assert.Contains("alertEmail", Infra.Template["parameters"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Alert_EachFailure_QueriesItAndNotifiesTheActionGroup(string name, string queryPart)
    {
        var alert = AlertNamed(name);
        var properties = alert["properties"]!;
        var criterion = properties["criteria"]!["allOf"]![0]!;
        Assert.Contains(queryPart, (string)criterion["query"]!, StringComparison.Ordinal);
        Assert.True((bool)properties["enabled"]!);
        Assert.Equal((string)Infra.OnlyResource("Microsoft.Insights/actionGroups")["id"]!, (string)properties["actions"]!["actionGroups"]![0]!);
        Assert.Equal((string)Infra.OnlyResource("Microsoft.Insights/components")["id"]!, (string)properties["scopes"]![0]!);

        // The measured column is the one the query summarises.
        Assert.Contains($"summarize {(string)criterion["metricMeasureColumn"]!} =", (string)criterion["query"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Alert_BackupNotRun_FiresWhenNoBackupSucceededForADay()
    {
        var properties = AlertNamed("backup-not-run")["properties"]!;
        Assert.Equal("LessThan", (string)properties["criteria"]!["allOf"]![0]!["operator"]!);
        Assert.Equal("PT26H", (string)properties["windowSize"]!);
    }

    [Fact]
    public void Workbook_ChartsEveryMetricTheAlertsAndDocsName()
    {
        var workbook = Infra.OnlyResource("Microsoft.Insights/workbooks");
        var data = (string)workbook["properties"]!["serializedData"]!;
        string[] metrics =
        [
            "syndication.articles.created", "syndication.articles.updated", "syndication.articles.withdrawn", "syndication.articles.rejected",
            "syndication.inbox.files", "syndication.storage.calls", "syndication.storage.throttled", "syndication.storage.conflicts",
            "syndication.feeds.requests", "syndication.feeds.not_modified", "syndication.feeds.bytes", "syndication.backups.completed",
            "syndication.push.deliveries", "syndication.push.gave_up", "syndication.messages.poisoned",
        ];
        Assert.All(metrics, metric => Assert.Contains(metric, data, StringComparison.Ordinal));
        Assert.Equal((string)Infra.OnlyResource("Microsoft.Insights/components")["id"]!, (string)workbook["properties"]!["sourceId"]!);
    }

    [Fact]
    public void BackupSchedule_AppSetting_IsDailyNcrontabAndTheContainerIsSoftDeleted()
    {
        var settings = Infra.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(resource => ((string)resource["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!;
        Assert.Equal("0 17 3 * * *", (string)settings["SYNDICATION_BACKUP_SCHEDULE"]!);
        Assert.Equal("30", (string)settings["Syndication__BackupRetentionDays"]!);

        Assert.Single(Infra.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => ((string)c["name"]!).EndsWith("/" + StorageNames.BackupsContainer, StringComparison.Ordinal));
        var blobService = Infra.OnlyResource("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.True((bool)blobService["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blobService["containerDeleteRetentionPolicy"]!["enabled"]!);
    }
}
