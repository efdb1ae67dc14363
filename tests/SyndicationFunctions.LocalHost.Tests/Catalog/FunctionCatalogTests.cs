using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;

namespace SyndicationFunctions.LocalHost.Tests.Catalog;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void FromAssembly_FunctionsApp_FindsHealthOnAnonymousGetAndHead()
    {
        var catalog = FunctionCatalog.FromAssembly(typeof(SyndicationServices).Assembly);

        var health = Assert.Single(catalog.HttpFunctions, function => function.Name == "GetHealth");
        Assert.Equal(SyndicationFunctions.Http.Routes.Health, health.Route);
        Assert.Equal(AuthorizationLevel.Anonymous, health.AuthorizationLevel);
        Assert.Equal(["GET", "HEAD"], health.Methods!);
    }

    [Fact]
    public void FromAssembly_FunctionsApp_FindsInboxTriggerOnInboxContainer()
    {
        var catalog = FunctionCatalog.FromAssembly(typeof(SyndicationServices).Assembly);

        var inbox = Assert.Single(catalog.BlobFunctions, function => function.Name == "IngestInboxBlob");
        Assert.Equal("articles-inbox/{name}", inbox.Path.Path);
        Assert.Equal("articles-inbox", inbox.Path.Container);
        Assert.Equal(["name"], inbox.Path.Tokens);
        Assert.Equal("ArticleStorage", inbox.Connection);
        Assert.Equal(BlobTriggerSource.EventGrid, inbox.Source);
    }

    [Fact]
    public void FromTypes_HttpFunctions_OrderedByNameIgnoringCase()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(TestHttpFunctions), typeof(MixedCaseFunctions)]);

        var names = catalog.HttpFunctions.Select(function => function.Name).ToList();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.True(names.IndexOf("ItemById") < names.IndexOf("ItemLatest"));
        Assert.True(names.IndexOf("thingById") < names.IndexOf("ThingLatest"));
    }

    [Fact]
    public void FromTypes_TriggerWithoutRoute_RouteIsFunctionName()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(TestHttpFunctions)]);

        Assert.Equal("Unrouted", Assert.Single(catalog.HttpFunctions, function => function.Name == "Unrouted").Route);
    }

    [Fact]
    public void FromTypes_FunctionContextParameter_ThrowsNamingFunctionAndParameter()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(FunctionContextFunction)]));

        Assert.Contains("WantsContext", error.Message, StringComparison.Ordinal);
        Assert.Contains("FunctionContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_ParameterNamedAfterNoRouteValue_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(UnknownRouteValueFunction)]));

        Assert.Contains("slug", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_ResultTheWorkerCannotAnswerWith_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(UnsupportedResultFunction)]));

        Assert.Contains("ReturnsText", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_BlobFunctions_BindTokensAndTriggerType()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(TestBlobFunctions)]);

        var filed = Assert.Single(catalog.BlobFunctions, function => function.Name == "ReadFiledText");
        Assert.Equal("test-filed", filed.Path.Container);
        Assert.Equal(["folder", "file"], filed.Path.Tokens);
        Assert.Equal(typeof(BlobClient), Assert.Single(catalog.BlobFunctions, function => function.Name == "TakeTestInboxBlob")
            .Function.Method.GetParameters()[0].ParameterType);
    }
}
