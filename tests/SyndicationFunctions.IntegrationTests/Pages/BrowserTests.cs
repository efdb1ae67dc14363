using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Pages;

/// <summary>
/// The app, its seeds and one headless Chromium (Debian's, at /usr/bin/chromium) for every browser test, and a
/// tiny image server on loopback, since the machine reaches nothing else.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime, IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private HttpListener? _images;

    public AppFixture App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri ImageUrl { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot.Path, "artifacts", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        ImageUrl = StartImageServer();
        foreach (var seed in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "seeds")))
        {
            var type = Path.GetExtension(seed) switch { ".json" => "application/json", ".md" => "text/markdown", ".html" => "text/html", _ => "text/plain" };
            using var response = await App.PostArticleAsync(await File.ReadAllTextAsync(seed), type);
            Assert.True(response.IsSuccessStatusCode, $"{seed}: {(int)response.StatusCode}");
        }

        using var pictured = await App.PostArticleAsync(
            $$"""{"id":"pictured","title":"Harbour reopens after repairs","summary":"Ships return to the port.","contentText":"The harbour reopened on Monday.\n\nThe first ships came in on the morning tide.","published":"2025-06-01T08:00:00Z","section":"World","url":"https://news.example.org/harbour","image":{"url":"{{ImageUrl}}","caption":"The first ship of the morning","credit":"Port Authority"},"related":[{"title":"Repairs begin","source":"Example News","url":"https://news.example.org/repairs"}],"authors":[{"name":"A. Reporter"}]}""",
            "application/json");
        Assert.True(pictured.IsSuccessStatusCode);

        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        _images?.Close();
        await App.DisposeAsync();
    }

    public void Dispose() => ((IDisposable?)_images)?.Dispose();

    /// <summary>Serves one small picture (an SVG; a photograph would be no different to the page).</summary>
    private Uri StartImageServer()
    {
        var port = FreePort();
        _images = new HttpListener();
        _images.Prefixes.Add($"http://127.0.0.1:{port}/");
        _images.Start();
        var picture = System.Text.Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"320\"><rect width=\"640\" height=\"320\" fill=\"#0b5394\"/><circle cx=\"320\" cy=\"160\" r=\"90\" fill=\"#f3c623\"/></svg>");
        _ = Task.Run(async () =>
        {
            while (_images.IsListening)
            {
                try
                {
                    var context = await _images.GetContextAsync();
                    context.Response.ContentType = "image/svg+xml";
                    context.Response.ContentLength64 = picture.Length;
                    await context.Response.OutputStream.WriteAsync(picture);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        return new Uri($"http://127.0.0.1:{port}/harbour.svg");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>Every page a person opens, in a real browser: titles and links shown, no console error, no CSP violation.</summary>
[Collection(BrowserGroup.Name)]
public sealed class BrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task FrontPage_ShowsSectionsLatestAndEveryFeed()
    {
        var page = await VisitAsync("/", "front-page");

        Assert.Equal("SyndicationFunctions", await page.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("Türkiye", await page.Page.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Page.Locator("a[href$='/api/feeds/rss']").CountAsync() > 0);
        Assert.True(await page.Page.Locator("a[href$='/api/feeds.opml']").CountAsync() > 0);
        Assert.Equal(3, await page.Page.Locator("head link[rel=alternate]").CountAsync());
        Assert.True(await page.Page.Locator("ul.items li").CountAsync() >= 5);
        page.AssertClean();
    }

    /// <summary>A 320 px phone (the narrowest in use) and a 390 px one, with whatever fonts the machine has (DejaVu only on a bare Debian).</summary>
    [Theory]
    [InlineData("/", "front-page", 320)]
    [InlineData("/", "front-page", 390)]
    [InlineData("/api/sections/turkiye", "section-page", 320)]
    [InlineData("/api/articles/pictured", "article-page", 320)]
    [InlineData("/api/articles/pictured", "article-page", 390)]
    [InlineData("/api/feeds/rss", "rss-feed", 320)]
    [InlineData("/api/feeds/rss", "rss-feed", 390)]
    [InlineData("/api/feeds/turkiye/atom", "atom-feed", 320)]
    public async Task Pages_OnAPhone_FitTheScreenWidth(string path, string screenshot, int width)
    {
        var page = await VisitAsync(path, $"{screenshot}-{width}", new ViewportSize { Width = width, Height = 844 });

        var overflowing = await page.Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + ' ' + e.textContent.slice(0, 40))");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling: " + string.Join("; ", overflowing));
        Assert.Empty(overflowing);
        page.AssertClean();
    }

    [Fact]
    public async Task SectionPage_ShowsItsArticlesAndFeeds()
    {
        var page = await VisitAsync("/api/sections/turkiye", "section-page");

        Assert.Equal("Türkiye", await page.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("UN human rights office", await page.Page.Locator("ul.items").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Page.Locator("head link[rel=alternate][href$='/api/feeds/turkiye/atom']").CountAsync() == 1);
        page.AssertClean();
    }

    [Fact]
    public async Task ArticlePage_ShowsImageCaptionCreditAndLinks()
    {
        var page = await VisitAsync("/api/articles/pictured", "article-page");

        Assert.Equal("Harbour reopens after repairs", await page.Page.Locator("h1").InnerTextAsync());
        var image = page.Page.Locator("figure img");
        // The caption names the picture; alt text repeating it would be read twice.
        Assert.Equal("", await image.GetAttributeAsync("alt"));
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the image loaded");
        Assert.Equal("The first ship of the morning / Port Authority", await page.Page.Locator("figcaption").InnerTextAsync());
        Assert.Equal("https://news.example.org/harbour", await page.Page.Locator("link[rel=canonical]").GetAttributeAsync("href"));
        Assert.Equal(1, await page.Page.Locator("a[href='https://news.example.org/harbour']").CountAsync());
        Assert.Equal(1, await page.Page.Locator("a[href='https://news.example.org/repairs']").CountAsync());
        Assert.Equal("article", await page.Page.Locator("meta[property='og:type']").GetAttributeAsync("content"));
        Assert.Contains("NewsArticle", await page.Page.Locator("script[type='application/ld+json']").InnerTextAsync(), StringComparison.Ordinal);
        // The section's and every article's feeds in three formats, and the author's feed.
        Assert.Equal(7, await page.Page.Locator("head link[rel=alternate]").CountAsync());
        Assert.Equal(1, await page.Page.Locator("head link[rel=alternate][href$='/api/feeds/authors/a-reporter/atom']").CountAsync());
        Assert.Equal(1, await page.Page.Locator("a[rel=author][href$='/api/feeds/authors/a-reporter/atom']").CountAsync());
        Assert.Equal("en", await page.Page.Locator("html").GetAttributeAsync("lang"));
        page.AssertClean();
    }

    [Theory]
    [InlineData("/api/feeds/rss", "rss-feed", "RSS 2.0")]
    [InlineData("/api/feeds/atom", "atom-feed", "Atom 1.0")]
    [InlineData("/api/feeds/world/json", "json-feed", "JSON Feed 1.1")]
    public async Task FeedUrl_InABrowser_IsAReadablePageAboutTheFeed(string path, string name, string format)
    {
        var page = await VisitAsync(path, name);

        Assert.StartsWith("SyndicationFunctions", await page.Page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        var text = await page.Page.Locator("main").InnerTextAsync();
        Assert.Contains("Subscribe", text, StringComparison.Ordinal);
        Assert.Contains(format, text, StringComparison.Ordinal);
        Assert.Contains(path, await page.Page.Locator("main code").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Page.Locator("ul.items li a").CountAsync() > 0);
        Assert.Contains("Accept", page.Response!.Headers["vary"], StringComparison.Ordinal);
        page.AssertClean();
    }

    private async Task<VisitedPage> VisitAsync(string path, string screenshot, ViewportSize? viewport = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1024, Height = 900 } });
        var page = await context.NewPageAsync();
        var visited = new VisitedPage(page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                visited.Problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => visited.Problems.Add("page error: " + error);
        visited.Response = await page.GotoAsync(new Uri(fixture.App.BaseAddress, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, visited.Response!.Status);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, screenshot + ".png"), FullPage = true });
        return visited;
    }

    private sealed class VisitedPage(IPage page)
    {
        public IPage Page { get; } = page;

        public IResponse? Response { get; set; }

        public List<string> Problems { get; } = [];

        /// <summary>No console error or warning (CSP violations are reported there) and no script error.</summary>
        public void AssertClean() => Assert.Empty(Problems);
    }
}
