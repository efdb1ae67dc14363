using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SyndicationFunctions.Infra.Tests;

/// <summary>infra/main.bicep and its parameters: what azd and the postdeploy hook get from a deployment.</summary>
public sealed partial class MainTemplateTests
{
    private static InfraArtifacts Infra => InfraArtifacts.Current;

    private static JsonObject Outputs => Infra.Template["outputs"]!.AsObject();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();

    // azd-managed names the hook reads without them being outputs.
    private static readonly string[] SetByAzd = ["AZURE_ENV_NAME", "INBOX_SUBSCRIPTION_ENABLED"];

    [Fact]
    public void Outputs_Names_AreUpperSnake()
        => Assert.All(Outputs, output => Assert.Matches(UpperSnake(), output.Key));

    [Theory]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_FUNCTION_APP_URL")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_STORAGE_BLOB_ENDPOINT")]
    [InlineData("AZURE_STORAGE_QUEUE_ENDPOINT")]
    [InlineData("AZURE_STORAGE_TABLE_ENDPOINT")]
    public void Outputs_WhatAzdAndOperatorsNeed_IsPresent(string output)
        => Assert.True(Outputs.ContainsKey(output), $"main.bicep has no output {output}");

    [Theory]
    [InlineData("subscribe-inbox.sh")]
    [InlineData("subscribe-inbox.ps1")]
    public void Outputs_EveryVariableTheHookReads_IsAnOutput(string hook)
    {
        var script = File.ReadAllText(Infra.PathInRepository("infra", "hooks", hook));
        var read = Regex.Matches(script, @"(?:\$|\$env:|\$\{)(AZURE_[A-Z0-9_]+|INBOX_[A-Z0-9_]+)")
            .Select(match => match.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(read);
        Assert.All(read.Except(SetByAzd), name => Assert.True(Outputs.ContainsKey(name), $"{hook} reads {name}, which main.bicep does not output"));
    }

    [Fact]
    public void Outputs_NoValue_IsASecret()
        => Assert.All(Outputs, output => Assert.DoesNotContain("listKeys", output.Value!.ToJsonString(), StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Parameters_FileSetsOnlyParametersMainDeclares_AndEveryRequiredOne()
    {
        var declared = Infra.Template["parameters"]!.AsObject();
        var file = JsonNode.Parse(File.ReadAllText(Infra.PathInRepository("infra", "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.All(file, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"main.parameters.json sets unknown {parameter.Key}"));
        var required = declared.Where(parameter => !parameter.Value!.AsObject().ContainsKey("defaultValue")).Select(parameter => parameter.Key);
        Assert.All(required, name => Assert.True(file.ContainsKey(name), $"main.parameters.json leaves required {name} unset"));
    }

    [Fact]
    public void Parameters_InboxSubscription_FollowsTheVariableTheHookSets()
    {
        var file = JsonNode.Parse(File.ReadAllText(Infra.PathInRepository("infra", "main.parameters.json")))!["parameters"]!;

        Assert.Equal("${INBOX_SUBSCRIPTION_ENABLED=false}", (string)file["inboxSubscriptionEnabled"]!["value"]!);
    }
}
