using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SyndicationFunctions.IntegrationTests.Infrastructure;

namespace SyndicationFunctions.IntegrationTests.Feeds;

/// <summary>
/// What real readers make of the feeds (Debian's rss2email, newsboat and Python feedparser, and npm's rss-parser and
/// @extractus/feed-extractor that JavaScript readers are built on), fetched over HTTP from
/// the local host on a real Azurite: an article with an image, one without, then a correction of the body alone.
/// Each test has a section of its own, so each reader starts from a feed only it has read.
/// </summary>
public sealed partial class RealReaderTests(AppFixture app, JsFeedLibraries js) : IClassFixture<AppFixture>, IClassFixture<JsFeedLibraries>
{
    private const string Python = "/usr/bin/python3";
    private const string Caption = "The first ship of the morning";

    [Theory]
    [InlineData("rss", false)]
    [InlineData("rss", true)]
    [InlineData("atom", false)]
    [InlineData("atom", true)]
    public async Task Rss2Email_ArticlesThenBodyCorrection_MailsWholeArticleImageAndTheCorrection(string format, bool htmlMail)
    {
        var stories = await PublishAsync($"mail {format} {(htmlMail ? "html" : "text")}");
        var folder = ReaderFolder("rss2email");
        var sendmail = Path.Combine(folder, "sendmail");
        File.Copy(Script("sendmail_to_json.py"), sendmail);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(sendmail, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "rss2email.cfg"), $"""
            [DEFAULT]
            from = feeds@example.org
            to = reader@example.org
            email-protocol = sendmail
            sendmail = {sendmail}
            html-mail = {htmlMail}
            use-8bit = True
            reply-changes = True

            [feed.news]
            url = {stories.FeedUrl(format)}
            """);

        // reply-changes: rss2email's setting to mail an entry again when its content changes (a correction).
        var first = await MailAsync(folder);
        await stories.CorrectPlainAsync();
        var second = (await MailAsync(folder)).Skip(first.Count).ToList();

        Assert.Equal(2, first.Count);
        var pictured = Assert.Single(first, m => m.Subject == stories.PicturedTitle);
        var plain = Assert.Single(first, m => m.Subject == stories.PlainTitle);
        Assert.Equal(htmlMail ? "text/html" : "text/plain", pictured.Type);
        // The whole article, not the image caption (media:description) nor the standfirst alone (a text summary).
        Assert.Contains(stories.PicturedFirstLine, pictured.Body, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedLastLine, pictured.Body, StringComparison.Ordinal);
        Assert.Contains(stories.ImageUrl, pictured.Body, StringComparison.Ordinal);
        Assert.Contains(Caption, pictured.Body, StringComparison.Ordinal);
        if (htmlMail)
        {
            Assert.Contains("<img", pictured.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("<p>", pictured.Body, StringComparison.Ordinal);
        }

        Assert.Contains(stories.PlainLastLine, plain.Body, StringComparison.Ordinal);
        var corrected = Assert.Single(second);
        Assert.Equal(stories.PlainTitle, corrected.Subject);
        Assert.Contains(stories.CorrectedLine, corrected.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task Newsboat_ArticlesThenBodyCorrection_KeepsWholeArticleImageAndTheCorrection(string format)
    {
        var stories = await PublishAsync($"newsboat {format}");
        var folder = ReaderFolder("newsboat");
        await File.WriteAllTextAsync(Path.Combine(folder, "urls"), stories.FeedUrl(format) + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "config"), "");

        var first = await NewsboatAsync(folder);
        await stories.CorrectPlainAsync();
        var second = await NewsboatAsync(folder);

        Assert.Equal(2, first.Count);
        var pictured = Assert.Single(first, i => i.Title == stories.PicturedTitle);
        // newsboat shows the content: the picture as "[image 1]" with its link, then every paragraph.
        Assert.Contains($"<img src=\"{stories.ImageUrl}\"", pictured.Content, StringComparison.Ordinal);
        Assert.Contains(Caption, pictured.Content, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedFirstLine, pictured.Content, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedLastLine, pictured.Content, StringComparison.Ordinal);
        Assert.Contains(stories.PlainLastLine, Assert.Single(first, i => i.Title == stories.PlainTitle).Content, StringComparison.Ordinal);
        Assert.Equal(2, second.Count);
        var corrected = Assert.Single(second, i => i.Title == stories.PlainTitle);
        Assert.Contains(stories.CorrectedLine, corrected.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(stories.PlainLastLine, corrected.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rss", "rss20")]
    [InlineData("atom", "atom10")]
    public async Task Feedparser_ArticlesThenBodyCorrection_StandfirstAsSummaryWholeBodyAsContent(string format, string version)
    {
        var stories = await PublishAsync($"feedparser {format}");
        var folder = ReaderFolder("feedparser");

        var first = await FeedparserAsync(folder, stories.FeedUrl(format));
        await stories.CorrectPlainAsync();
        var second = await FeedparserAsync(folder, stories.FeedUrl(format));

        Assert.Equal(version, first.GetProperty("version").GetString());
        Assert.False(first.GetProperty("bozo").GetBoolean(), "the feed is well-formed");
        var pictured = Entry(first, stories.PicturedTitle);
        // Python feedparser reads media:description as the summary: the caption must not be there to replace the standfirst.
        Assert.Equal(stories.PicturedSummary, pictured.GetProperty("summary").GetString());
        Assert.Equal("text/html", pictured.GetProperty("summaryType").GetString());
        var content = Assert.Single(pictured.GetProperty("content").EnumerateArray()).GetString()!;
        // feedparser's sanitiser keeps the figure (it may reorder attributes).
        Assert.StartsWith("<figure><img ", content, StringComparison.Ordinal);
        Assert.Contains($"src=\"{stories.ImageUrl}\"", content, StringComparison.Ordinal);
        Assert.Contains(Caption, content, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedLastLine, content, StringComparison.Ordinal);
        var before = Entry(first, stories.PlainTitle);
        var after = Entry(second, stories.PlainTitle);
        Assert.Equal(before.GetProperty("id").GetString(), after.GetProperty("id").GetString());
        Assert.Contains(stories.CorrectedLine, Assert.Single(after.GetProperty("content").EnumerateArray()).GetString()!, StringComparison.Ordinal);
        if (format == "atom")
        {
            Assert.NotEqual(before.GetProperty("updated").GetString(), after.GetProperty("updated").GetString());
        }
    }

    [Fact]
    public async Task JsonFeed_ArticlesThenBodyCorrection_ContentHtmlHasImageWholeBodyAndTheCorrection()
    {
        // Neither Debian's feedparser (6.0) nor its newsboat (2.21) reads JSON Feed; a JS reader reads these fields.
        var stories = await PublishAsync("json feed");

        var first = await JsonItemsAsync(stories.FeedUrl("json"));
        await stories.CorrectPlainAsync();
        var second = await JsonItemsAsync(stories.FeedUrl("json"));

        var pictured = first.Single(i => i.GetProperty("title").GetString() == stories.PicturedTitle);
        Assert.Equal(stories.ImageUrl, pictured.GetProperty("image").GetString());
        Assert.Equal(stories.PicturedSummary, pictured.GetProperty("summary").GetString());
        var html = pictured.GetProperty("content_html").GetString()!;
        Assert.StartsWith($"<figure><img src=\"{stories.ImageUrl}\"", html, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedLastLine, html, StringComparison.Ordinal);
        var corrected = second.Single(i => i.GetProperty("title").GetString() == stories.PlainTitle);
        Assert.Contains(stories.CorrectedLine, corrected.GetProperty("content_html").GetString()!, StringComparison.Ordinal);
        Assert.NotEqual(
            first.Single(i => i.GetProperty("title").GetString() == stories.PlainTitle).GetProperty("date_modified").GetString(),
            corrected.GetProperty("date_modified").GetString());
    }

    [Theory]
    [InlineData("rss-parser", "rss")]
    [InlineData("rss-parser", "atom")]
    [InlineData("feed-extractor", "rss")]
    [InlineData("feed-extractor", "atom")]
    [InlineData("feed-extractor", "json")]
    public async Task JsLibrary_ArticlesThenBodyCorrection_WholeArticleImageAndTheCorrection(string library, string format)
    {
        var stories = await PublishAsync($"js {library} {format}");
        var url = stories.FeedUrl(format);

        var first = await js.ReadAsync(library, url);
        await stories.CorrectPlainAsync();
        var second = await js.ReadAsync(library, url);

        // Where each library puts the whole article: rss-parser keeps content:encoded apart from the description in
        // RSS, and the Atom content as content; feed-extractor's reader asks for it (see js_readers.js).
        var contentField = library == "rss-parser" && format == "rss" ? "content:encoded" : "content";
        var idField = library == "rss-parser" && format == "rss" ? "guid" : "id";
        var published = await JsonItemsAsync(stories.FeedUrl("json"));
        Assert.Equal(2, first.Count);
        var pictured = JsItem(first, stories.PicturedTitle);
        var content = pictured.GetProperty(contentField).GetString()!;
        Assert.StartsWith($"<figure><img src=\"{stories.ImageUrl}\"", content, StringComparison.Ordinal);
        Assert.Contains(Caption, content, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedFirstLine, content, StringComparison.Ordinal);
        Assert.Contains(stories.PicturedLastLine, content, StringComparison.Ordinal);
        // Every format links each item to the same page.
        Assert.Equal(
            published.Single(i => i.GetProperty("title").GetString() == stories.PicturedTitle).GetProperty("url").GetString(),
            pictured.GetProperty("link").GetString());
        if (library == "rss-parser")
        {
            // The standfirst where rss-parser keeps the summary (description in RSS, summary in Atom), not the caption.
            Assert.Equal(stories.PicturedSummary, pictured.GetProperty(format == "rss" ? "content" : "summary").GetString());
        }
        else if (format == "json")
        {
            Assert.Equal(stories.ImageUrl, pictured.GetProperty("image").GetString());
        }

        Assert.Contains(stories.PlainLastLine, JsItem(first, stories.PlainTitle).GetProperty(contentField).GetString()!, StringComparison.Ordinal);
        Assert.Equal(2, second.Count);
        var corrected = JsItem(second, stories.PlainTitle);
        Assert.Equal(JsItem(first, stories.PlainTitle).GetProperty(idField).GetString(), corrected.GetProperty(idField).GetString());
        Assert.Contains(stories.CorrectedLine, corrected.GetProperty(contentField).GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain(stories.PlainLastLine, corrected.GetProperty(contentField).GetString()!, StringComparison.Ordinal);
    }

    /// <summary>Publishes the two articles of one test in a section named <paramref name="section"/>.</summary>
    private async Task<Stories> PublishAsync(string section)
    {
        var stories = new Stories(app, section);
        using var pictured = await app.PostArticleAsync(stories.PicturedJson, "application/json");
        using var plain = await app.PostArticleAsync(stories.PlainJson(stories.PlainLastLine), "application/json");
        Assert.Equal(HttpStatusCode.Created, pictured.StatusCode);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        return stories;
    }

    private static string ReaderFolder(string reader) => Directory.CreateTempSubdirectory(reader + "-").FullName;

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Feeds", "Readers", name);

    private static async Task<List<Mail>> MailAsync(string folder)
    {
        await ExternalTool.RunAsync(folder, "r2e", "-c", "rss2email.cfg", "-d", "rss2email.json", "run");
        var mailbox = Path.Combine(folder, "mail.jsonl");
        return File.Exists(mailbox)
            ? (await File.ReadAllLinesAsync(mailbox)).Select(line => JsonSerializer.Deserialize<Mail>(line, JsonSerializerOptions.Web)!)
                .Select(mail => mail with { Body = Whitespace().Replace(mail.Body, " ") }).ToList()
            : [];
    }

    private static async Task<List<NewsboatItem>> NewsboatAsync(string folder)
    {
        await ExternalTool.RunAsync(folder, "newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload");
        var json = await ExternalTool.RunAsync(folder, Python, Script("newsboat_items.py"), Path.Combine(folder, "cache.db"));
        return JsonSerializer.Deserialize<List<NewsboatItem>>(json, JsonSerializerOptions.Web)!;
    }

    private static async Task<JsonElement> FeedparserAsync(string folder, string url)
        => JsonDocument.Parse(await ExternalTool.RunAsync(folder, Python, Script("feedparser_entries.py"), url)).RootElement.Clone();

    private async Task<List<JsonElement>> JsonItemsAsync(string url)
    {
        using var feed = JsonDocument.Parse(await app.Client.GetStringAsync(url));
        return feed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
    }

    private static JsonElement JsItem(List<JsonElement> items, string title)
        => Assert.Single(items, i => i.GetProperty("title").GetString() == title);

    private static JsonElement Entry(JsonElement parsed, string title)
        => parsed.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("title").GetString() == title);

    /// <summary>A mail's subject, type and body, with runs of whitespace as one space: plain-text mail wraps lines.</summary>
    private sealed record Mail(string Subject, string Type, string Body);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record NewsboatItem(string Feed, string Guid, string Title, string Content, string Enclosure);

    /// <summary>The two articles of one test, and the body-only correction of the one without an image.</summary>
    private sealed class Stories(AppFixture app, string section)
    {
        private readonly string _slug = section.Replace(' ', '-');

        public string PicturedTitle => $"Harbour reopens after repairs ({section})";

        public string PicturedSummary { get; } = "Ships return to the port after three weeks.";

        public string PicturedFirstLine { get; } = "The harbour reopened on Monday.";

        public string PicturedLastLine => $"The last paragraph of the harbour story for {section}.";

        public string ImageUrl => $"https://images.example.org/{_slug}/harbour.jpg";

        public string PlainTitle => $"Council sets the date of its budget vote ({section})";

        public string PlainLastLine => $"The vote is on Tuesday, the council said of {section}.";

        public string CorrectedLine => $"Corrected: the vote is on Wednesday, the council said of {section}.";

        public string PicturedJson => JsonSerializer.Serialize(new
        {
            id = _slug + "-pictured",
            title = PicturedTitle,
            summary = PicturedSummary,
            contentText = $"{PicturedFirstLine}\n\nThe first ships came in on the morning tide.\n\n{PicturedLastLine}",
            published = "2025-06-01T08:00:00Z",
            section,
            image = new { url = ImageUrl, caption = Caption, credit = "Port Authority" },
        });

        public string PlainJson(string lastLine) => JsonSerializer.Serialize(new
        {
            id = _slug + "-plain",
            title = PlainTitle,
            summary = "The council meets this week.",
            contentText = $"The council met on Monday to set its calendar.\n\n{lastLine}",
            published = "2025-06-02T08:00:00Z",
            section,
        });

        public string FeedUrl(string format) => new Uri(app.BaseAddress, $"/api/feeds/{_slug}/{format}").AbsoluteUri;

        /// <summary>Replaces the body alone: same title, same standfirst, same dates asked for.</summary>
        public async Task CorrectPlainAsync()
        {
            var path = $"/api/articles/{_slug}-plain";
            using var current = await app.Client.GetAsync(path);
            using var replaced = await app.SendAsync(HttpMethod.Put, path, PlainJson(CorrectedLine), current.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }
    }
}
