using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SyndicationFunctions.Http;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Tests.Functions;

namespace SyndicationFunctions.LocalHost.Tests.Http;

public sealed class CustomHttpHeadersTests
{
    private const string Key = "custom-headers-key";

    [Fact]
    public void Parse_RepositoryHostJson_NoSniffForEveryAnswerOfTheHost()
    {
        // The host's own 401s, 404s and webhook answers carry nosniff only because host.json asks the host for it.
        var hostJson = HostJson.Find([AppContext.BaseDirectory]);

        Assert.Equal(ResponseHeaders.NoSniff, hostJson.CustomHeaders[ResponseHeaders.ContentTypeOptions]);
    }

    [Theory]
    [InlineData("GET", "/api/nowhere", null, HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/documents/a", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/secret", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/secret", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/explode", null, HttpStatusCode.InternalServerError)]
    [InlineData("GET", "/api/documents/a", null, HttpStatusCode.OK)]
    public async Task InvokeAsync_HostJsonCustomHeaders_OnTheHostsOwnAnswersToo(string method, string path, string? key, HttpStatusCode status)
    {
        await using var host = await StartAsync("""{ "version": "2.0", "extensions": { "http": { "customHeaders": { "X-From-Host": "yes" } } } }""");
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Request(method, path, key));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-From-Host")));
    }

    [Fact]
    public async Task InvokeAsync_FunctionSetsTheSameHeader_FunctionsValueKept()
    {
        await using var host = await StartAsync("""{ "version": "2.0", "extensions": { "http": { "customHeaders": { "X-Document": "from-host" } } } }""");
        using var client = host.CreateClient();

        using var own = await client.GetAsync(new Uri("/api/documents/mine", UriKind.Relative));
        using var hosts = await client.GetAsync(new Uri("/api/nowhere", UriKind.Relative));

        Assert.Equal("mine", Assert.Single(own.Headers.GetValues("X-Document")));
        Assert.Equal("from-host", Assert.Single(hosts.Headers.GetValues("X-Document")));
    }

    [Theory]
    [InlineData("GET", "/api/nowhere", null)]
    [InlineData("OPTIONS", "/api/documents/a", null)]
    [InlineData("GET", "/api/secret", null)]
    [InlineData("GET", "/api/secret", "wrong")]
    public async Task InvokeAsync_HostJsonWithoutCustomHeaders_HostsOwnAnswersWithoutNoSniff(string method, string path, string? key)
    {
        // As observed on the Functions host 4.1037 before host.json named the header: its own 401s and 404s lacked it.
        await using var host = await StartAsync("""{ "version": "2.0" }""");
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Request(method, path, key));

        Assert.False(response.Headers.Contains(ResponseHeaders.ContentTypeOptions));
    }

    private static HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    private static async Task<RunningLocalFunctionsHost> StartAsync(string hostJson)
    {
        var folder = Directory.CreateTempSubdirectory("custom-headers-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, HostJson.FileName), hostJson);
            return await LocalFunctionsHost.StartAsync(
                FunctionCatalog.FromTypes([typeof(TestHttpFunctions)]),
                folder.FullName,
                new Dictionary<string, string?> { [LocalFunctionsHost.FunctionKeySetting] = Key },
                builder => builder.Services.AddSingleton(new InstanceCounter()));
        }
        finally
        {
            // host.json is read once, at start.
            folder.Delete(recursive: true);
        }
    }
}
