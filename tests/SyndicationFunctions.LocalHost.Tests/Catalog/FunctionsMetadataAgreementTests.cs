using System.Text.Json;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Tests.Catalog;

/// <summary>
/// The Functions SDK writes functions.metadata from the same attributes; this is what the real host is told.
/// The catalog must read the same routes, methods, auth levels and blob paths from them.
/// </summary>
public sealed class FunctionsMetadataAgreementTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.FromAssembly(typeof(SyndicationServices).Assembly);

    public static TheoryData<string> MetadataFunctionNames()
    {
        var data = new TheoryData<string>();
        foreach (var function in ReadMetadata().RootElement.EnumerateArray())
        {
            data.Add(function.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MetadataFunctionNames))]
    public void FromAssembly_EveryFunctionTheHostIsTold_CatalogAgrees(string functionName)
    {
        using var metadata = ReadMetadata();
        var trigger = metadata.RootElement.EnumerateArray()
            .Single(function => function.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray()
            .Single(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

        switch (trigger.GetProperty("type").GetString())
        {
            case "httpTrigger":
                var http = Assert.Single(Catalog.HttpFunctions, function => function.Name == functionName);
                var route = trigger.TryGetProperty("route", out var declared) && declared.ValueKind == JsonValueKind.String ? declared.GetString() : functionName;
                Assert.Equal(route, http.Route);
                Assert.Equal(trigger.GetProperty("authLevel").GetString(), http.AuthorizationLevel.ToString());
                var methods = trigger.TryGetProperty("methods", out var listed) && listed.ValueKind == JsonValueKind.Array
                    ? listed.EnumerateArray().Select(method => method.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal).ToList()
                    : null;
                Assert.Equal(methods, http.Methods?.Order(StringComparer.Ordinal).ToList());
                break;
            case "blobTrigger":
                var blob = Assert.Single(Catalog.BlobFunctions, function => function.Name == functionName);
                Assert.Equal(trigger.GetProperty("path").GetString(), blob.Path.Path);
                Assert.Equal(trigger.GetProperty("connection").GetString(), blob.Connection);
                break;
            case "timerTrigger":
                var timer = Assert.Single(Catalog.TimerFunctions, function => function.Name == functionName);
                Assert.Equal(trigger.GetProperty("schedule").GetString(), timer.Schedule);
                break;
            case "queueTrigger":
                var queue = Assert.Single(Catalog.QueueFunctions, function => function.Name == functionName);
                Assert.Equal(trigger.GetProperty("queueName").GetString(), queue.QueueName);
                Assert.Equal(trigger.GetProperty("connection").GetString(), queue.Connection);
                break;
            default:
                Assert.Fail($"Function {functionName} has a {trigger.GetProperty("type").GetString()}, which the local host does not serve.");
                break;
        }
    }

    [Fact]
    public void FromAssembly_FunctionsApp_NoFunctionTheHostIsNotTold()
    {
        using var metadata = ReadMetadata();
        var told = metadata.RootElement.EnumerateArray().Select(function => function.GetProperty("name").GetString()).Order(StringComparer.Ordinal);

        var served = Catalog.HttpFunctions.Select(function => function.Name)
            .Concat(Catalog.BlobFunctions.Select(function => function.Name))
            .Concat(Catalog.TimerFunctions.Select(function => function.Name))
            .Concat(Catalog.QueueFunctions.Select(function => function.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(told, served);
    }

    private static JsonDocument ReadMetadata() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(typeof(SyndicationServices).Assembly.Location)!, "functions.metadata")));
}
