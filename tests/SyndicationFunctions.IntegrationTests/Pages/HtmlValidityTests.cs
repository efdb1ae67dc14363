using System.Net;
using System.Text.Json;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Pages;

/// <summary>
/// Every kind of page, as a browser gets it, through the Nu HTML Checker (npm vnu-jar, run with Debian's Java):
/// front, section, article (with and without a picture), feed and withdrawn pages, with no error.
/// </summary>
public sealed class HtmlValidityTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task NuHtmlChecker_EveryKindOfPage_NoErrors()
    {
        await PostAsync("""{"id":"pictured","title":"Harbour reopens","summary":"Ships return.","contentHtml":"<p>The harbour reopened.</p><h2>Repairs</h2><p>They took <em>three</em> weeks.</p>","published":"2025-06-01T08:00:00Z","section":"World","tags":["ports"],"url":"https://news.example.org/harbour","image":{"url":"https://images.example.org/harbour.jpg","caption":"The first ship","credit":"Port Authority"},"related":[{"title":"Repairs begin","url":"https://news.example.org/repairs"}],"authors":[{"name":"A. Reporter"}]}""");
        await PostAsync("""{"id":"captioned","title":"A caption without a picture","contentText":"Only text here.","published":"2025-06-02T08:00:00Z","section":"Türkiye","image":{"caption":"Nothing to caption","credit":"Nobody"}}""");
        await PostAsync("""{"id":"withdrawn","title":"Soon withdrawn","contentText":"Gone soon.","published":"2025-06-03T08:00:00Z","section":"World"}""");
        using var deleted = await app.SendAsync(HttpMethod.Delete, "/api/articles/withdrawn");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var folder = Directory.CreateTempSubdirectory("vnu-").FullName;
        var pages = new Dictionary<string, string>
        {
            ["front"] = "/",
            ["section"] = "/api/sections/world",
            ["article"] = "/api/articles/pictured",
            ["article-without-picture"] = "/api/articles/captioned",
            ["rss"] = "/api/feeds/rss",
            ["atom"] = "/api/feeds/turkiye/atom",
            ["json"] = "/api/feeds/json",
            ["withdrawn"] = "/api/articles/withdrawn",
        };
        foreach (var (name, path) in pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".html"), await response.Content.ReadAsByteArrayAsync());
        }

        var report = await ExternalTool.RunAsync(folder, "java",
            ["-jar", Path.Combine(RepositoryRoot.Path, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"), "--format", "json", "--stdout", "--exit-zero-always",
                .. pages.Keys.Select(name => name + ".html")]);

        using var messages = JsonDocument.Parse(report);
        var errors = messages.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
            .Select(m => $"{Path.GetFileName(m.GetProperty("url").GetString())}:{(m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0)} {m.GetProperty("message").GetString()}")
            .ToList();
        Assert.Empty(errors);
    }

    private async Task PostAsync(string json)
    {
        using var response = await app.PostArticleAsync(json, "application/json");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
