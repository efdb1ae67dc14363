using System.Text.Json.Nodes;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Infra.Tests.App;

/// <summary>infra/app/inbox-events.bicep: Event Grid delivers every file dropped in the inbox to the Event Grid blob trigger.</summary>
public sealed class InboxEventsTests
{
    private const string SubscriptionType = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static string StorageAccountId => (string)Infra.OnlyResource("Microsoft.Storage/storageAccounts")["id"]!;

    public static TheoryData<string, string> Triggers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var trigger in AppBindings.EventGridBlobTriggers())
            {
                data.Add(trigger.FunctionName, trigger.Container);
            }

            return data;
        }
    }

    public static TheoryData<string> TriggerContainers
        => [.. AppBindings.EventGridBlobTriggers().Select(trigger => trigger.Container).Distinct(StringComparer.Ordinal)];

    private static JsonObject SubscriptionFor(string container)
    {
        var subject = $"/blobServices/default/containers/{container}/blobs/";
        return Infra.ResourcesOfType(SubscriptionType)
            .Single(subscription => (string?)subscription["properties"]!["filter"]!["subjectBeginsWith"] == subject);
    }

    [Fact]
    public void Triggers_TheCode_HasTheInboxTrigger()
        => Assert.Contains(
            new EventGridBlobTrigger(nameof(InboxFunction.IngestInboxBlob), StorageNames.InboxContainer),
            AppBindings.EventGridBlobTriggers());

    [Fact]
    public void SystemTopic_Source_IsTheStorageAccount()
    {
        var topic = Infra.OnlyResource("Microsoft.EventGrid/systemTopics")["properties"]!;

        Assert.Equal(StorageAccountId, (string)topic["source"]!);
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string)topic["topicType"]!);
    }

    [Theory]
    [MemberData(nameof(Triggers))]
    public void Subscription_Endpoint_IsTheBlobExtensionWebhookOfTheFunction(string functionName, string container)
    {
        var destination = SubscriptionFor(container)["properties"]!["destination"]!;
        var site = (string)Infra.OnlyResource("Microsoft.Web/sites")["id"]!;

        Assert.Equal("WebHook", (string)destination["endpointType"]!);
        Assert.Equal(
            $"[format('https://{{0}}/runtime/webhooks/blobs?functionName=Host.Functions.{functionName}&code={{1}}', "
                + $"reference('{site}', '2024-11-01').defaultHostName, listKeys('{site}/host/default', '2024-11-01').systemKeys.blobs_extension)]",
            (string)destination["properties"]!["endpointUrl"]!);
    }

    [Theory]
    [MemberData(nameof(TriggerContainers))]
    public void Subscription_Filter_IsBlobCreatedOnly(string container)
    {
        var filter = SubscriptionFor(container)["properties"]!["filter"]!;

        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(type => (string)type!));
    }

    [Theory]
    [MemberData(nameof(TriggerContainers))]
    public void Subscription_UndeliverableEvents_AreDeadLetteredToACreatedContainer(string container)
    {
        var deadLetter = SubscriptionFor(container)["properties"]!["deadLetterWithResourceIdentity"]!;
        var destination = deadLetter["deadLetterDestination"]!["properties"]!;
        var containers = Infra.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(resource => ((string)resource["name"]!).Split('/')[^1]);

        Assert.Equal(StorageAccountId, (string)destination["resourceId"]!);
        Assert.Contains((string)destination["blobContainerName"]!, containers);
        Assert.NotEqual(container, (string)destination["blobContainerName"]!);
        Assert.Equal("UserAssigned", (string)deadLetter["identity"]!["type"]!);
    }

    [Fact]
    public void Subscription_InTheTemplate_WaitsForTheInboxSubscriptionParameter()
    {
        // The webhook key exists only once the code runs, so a first `azd provision` must not create it.
        var module = Infra.Module("inbox-events");
        var subscription = InfraArtifacts.TemplateResources(module["properties"]!["template"]!.AsObject())
            .Single(resource => (string?)resource["type"] == SubscriptionType);

        Assert.Equal("[parameters('subscribe')]", (string)subscription["condition"]!);
        Assert.Equal("[parameters('inboxSubscriptionEnabled')]", (string)module["properties"]!["parameters"]!["subscribe"]!["value"]!);
        Assert.False((bool)Infra.Template["parameters"]!["inboxSubscriptionEnabled"]!["defaultValue"]!);
    }
}
