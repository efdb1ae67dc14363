namespace SyndicationFunctions.LocalHost.Tests;

public sealed class HostJsonTests
{
    [Fact]
    public void Parse_RepositoryHostJson_EmptyRoutePrefixAndBlobParallelism()
    {
        // The Functions project copies the repository's host.json to its output, and from there to ours.
        var hostJson = HostJson.Find([AppContext.BaseDirectory]);

        Assert.Equal(SyndicationFunctions.Http.Routes.HostPrefix, hostJson.RoutePrefix);
        Assert.Equal(4, hostJson.BlobsMaxDegreeOfParallelism);
    }

    [Fact]
    public void Parse_RepositoryHostJson_QueueSettings()
    {
        var queues = HostJson.Find([AppContext.BaseDirectory]).Queues;

        Assert.Equal(TimeSpan.FromSeconds(2), queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), queues.VisibilityTimeout);
        Assert.Equal(5, queues.MaxDequeueCount);
        Assert.Equal(SyndicationFunctions.Push.PushLimits.MaxDequeueCount, queues.MaxDequeueCount);
        Assert.True(queues.Base64);
    }

    [Fact]
    public void Parse_NoQueuesSection_TheHostsDefaults()
    {
        var queues = HostJson.Parse("""{ "version": "2.0" }""").Queues;

        Assert.Equal(new QueueSettings(TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 5, Base64: true), queues);
    }

    [Fact]
    public void Parse_EmptyRoutePrefix_RoutesFromRoot()
    {
        var hostJson = HostJson.Parse("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""");

        Assert.Equal(string.Empty, hostJson.RoutePrefix);
    }

    [Fact]
    public void Parse_NoHttpSection_DefaultPrefix()
    {
        var hostJson = HostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Null(hostJson.BlobsMaxDegreeOfParallelism);
    }

    [Fact]
    public void Find_NoFileInFolders_Default()
    {
        var empty = Directory.CreateTempSubdirectory("hostjson-");
        try
        {
            Assert.Equal(HostJson.Default, HostJson.Find([empty.FullName, null]));
        }
        finally
        {
            empty.Delete();
        }
    }
}
