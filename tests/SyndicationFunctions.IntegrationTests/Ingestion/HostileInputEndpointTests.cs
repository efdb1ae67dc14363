using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Ingestion;

/// <summary>
/// The hostile battery over real HTTP and through the real inbox, at the 1 MiB body limit: every shape is
/// answered as a stored article or a 400 problem naming what is wrong, never a 5xx; an inbox file is rejected
/// with its reason beside it. Bounded by size and outcome, not by the clock.
/// </summary>
public sealed class HostileInputEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (var shape in HostileBodies.Hostile)
            data.Add(shape.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Post_HostileShapeAtTheLimit_201Or400ProblemNever5xx(string name)
    {
        var shape = HostileBodies.Hostile.Single(s => s.Name == name);

        using var response = await app.PostArticleAsync(shape.Build(HostileBodies.OneMiB), ContentType(shape.Format));

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Post_OneByteOverTheLimit_413()
    {
        using var response = await app.PostArticleAsync(HostileBodies.Repeat("a", HostileBodies.OneMiB + 1), "text/plain");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("html-nested-div", "nested-divs.html", "more than 256 deep")]
    [InlineData("yaml-alias-bomb", "alias-bomb.md", "anchors and aliases")]
    [InlineData("markdown-nested-quotes", "deep-quotes.md", "opens more than 32")]
    [InlineData("html-many-attributes", "attributes.html", "more than 100 attributes")]
    [InlineData("json-nested-arrays", "nested.json", "not valid JSON")]
    public async Task Inbox_HostileFile_RejectedWithItsReason(string shapeName, string fileName, string reason)
    {
        var shape = HostileBodies.Hostile.Single(s => s.Name == shapeName);
        var name = TestArticles.Unique("hostile") + "-" + fileName;
        await UploadAsync(name, shape.Build(HostileBodies.OneMiB));

        var report = await RejectionReportAsync(name);

        Assert.Contains(reason, report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.json", "")]
    [InlineData("blank.md", "\n\n   \n")]
    [InlineData("empty.txt", "")]
    public async Task Inbox_EmptyFile_RejectedAsEmpty(string fileName, string content)
    {
        var name = TestArticles.Unique("empty") + "-" + fileName;
        await UploadAsync(name, content);

        var report = await RejectionReportAsync(name);

        Assert.Contains("The file is empty", report, StringComparison.Ordinal);
        Assert.DoesNotContain("position", report, StringComparison.Ordinal);
    }

    private async Task UploadAsync(string name, string content)
    {
        var inbox = app.Blobs.GetBlobContainerClient(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync();
        await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Encoding.UTF8.GetBytes(content)), overwrite: true);
    }

    private async Task<string> RejectionReportAsync(string name)
    {
        BlobClient Report() => app.Blobs.GetBlobContainerClient(StorageNames.RejectedContainer).GetBlobClient(name + ".error.json");
        BlobClient File() => app.Blobs.GetBlobContainerClient(StorageNames.RejectedContainer).GetBlobClient(name);

        // The report is written first, then the file moves beside it: wait for both.
        Assert.True(await AppFixture.EventuallyAsync(async () => (await Report().ExistsAsync()).Value), $"{name} was not rejected");
        Assert.True(await AppFixture.EventuallyAsync(async () => (await File().ExistsAsync()).Value), "the file sits beside its report");
        return (await Report().DownloadContentAsync()).Value.Content.ToString();
    }

    private static string ContentType(ArticleFormat format) => format switch
    {
        ArticleFormat.Html => "text/html; charset=utf-8",
        ArticleFormat.Markdown => "text/markdown; charset=utf-8",
        ArticleFormat.Json => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
