using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Reads a whole HTML page. Metadata comes from JSON-LD (<c>NewsArticle</c> and its kin) first, then OpenGraph
/// and <c>&lt;meta&gt;</c> tags, then <c>&lt;title&gt;</c>; the body from <c>&lt;article&gt;</c>, else the main
/// content, else <c>&lt;body&gt;</c>, with page chrome (navigation, headers, footers, asides) left out.
/// </summary>
public static class HtmlPageReader
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting", "Report",
    };

    private static readonly HtmlParser Parser = new();

    public static ArticleDraft Read(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        HtmlShapeGuard.EnsureWithinLimits(html, "body");
        var document = Parser.ParseDocument(html);
        var linked = FindLinkedData(document);

        var title = Text(linked, "headline") ?? Text(linked, "name") ?? Meta(document, "og:title") ?? Meta(document, "twitter:title")
            ?? NonEmpty(document.Title);
        var url = Text(linked, "url") ?? Id(linked, "mainEntityOfPage") ?? Meta(document, "og:url")
            ?? document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");

        var published = Text(linked, "datePublished") ?? Meta(document, "article:published_time")
            ?? Meta(document, "date") ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime");

        var body = BodyOf(document, title);
        return new ArticleDraft
        {
            Title = title,
            Summary = Text(linked, "description") ?? Meta(document, "og:description") ?? Meta(document, "description"),
            Url = url,
            Published = published is not null
                && DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date.ToUniversalTime()
                : null,
            Section = First(linked, "articleSection") ?? Meta(document, "article:section"),
            Tags = Keywords(linked, document),
            Authors = Authors(linked, document),
            Image = Image(linked, document),
            Language = Text(linked, "inLanguage") ?? NonEmpty(document.DocumentElement.GetAttribute("lang")) ?? Meta(document, "og:locale")?.Replace('_', '-'),
            Body = string.IsNullOrWhiteSpace(body) ? null : new DraftBody(DraftBodyKind.Html, body, "body"),
        };
    }

    private static string? BodyOf(IHtmlDocument document, string? title)
    {
        var container = document.QuerySelector("article") ?? document.QuerySelector("main, [role=main]") ?? document.Body;
        if (container is null)
            return null;

        var content = (IElement)container.Clone(deep: true);
        foreach (var chrome in content.QuerySelectorAll("nav, header, footer, aside, script, style, form, [role=navigation], [role=complementary]").ToArray())
            chrome.Remove();

        // The page's own headline repeats the title, which the article carries separately.
        foreach (var heading in content.QuerySelectorAll("h1").ToArray())
        {
            if (title is null || string.Equals(heading.TextContent.Trim(), title.Trim(), StringComparison.Ordinal))
                heading.Remove();
        }

        return content.InnerHtml;
    }

    /// <summary>The first JSON-LD object of an article type, looking inside arrays and <c>@graph</c>; malformed blocks are skipped.</summary>
    private static JsonElement? FindLinkedData(IHtmlDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true });
                if (FindArticle(json.RootElement) is { } article)
                    return article.Clone();
            }
            catch (JsonException)
            {
                // A broken JSON-LD block is common on real pages; the meta tags still describe the article.
            }
        }

        return null;
    }

    private static JsonElement? FindArticle(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
            return element.EnumerateArray().Select(FindArticle).FirstOrDefault(found => found is not null);
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        if (element.TryGetProperty("@type", out var type) && Strings(type).Any(ArticleTypes.Contains))
            return element;
        return element.TryGetProperty("@graph", out var graph) ? FindArticle(graph) : null;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        _ => [],
    };

    private static string? Text(JsonElement? element, string name)
        => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? NonEmpty(value.GetString())
            : null;

    private static string? First(JsonElement? element, string name)
        => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? Strings(value).Select(NonEmpty).FirstOrDefault(s => s is not null) : null;

    private static string? Id(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind == JsonValueKind.String ? NonEmpty(value.GetString()) : Text(value, "@id") ?? Text(value, "url");
    }

    private static string? Meta(IHtmlDocument document, string name)
    {
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && NonEmpty(meta.GetAttribute("content")) is { } content)
                return content;
        }

        return null;
    }

    private static List<string> Keywords(JsonElement? linked, IHtmlDocument document)
    {
        if (linked is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("keywords", out var keywords))
        {
            return keywords.ValueKind == JsonValueKind.String
                ? [.. keywords.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : [.. Strings(keywords)];
        }

        var tags = document.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")).OfType<string>().ToList();
        if (tags.Count > 0)
            return tags;
        return Meta(document, "keywords")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];
    }

    private static List<ArticleAuthor> Authors(JsonElement? linked, IHtmlDocument document)
    {
        if (linked is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("author", out var author))
        {
            var items = author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author];
            var authors = items
                .Select(item => item.ValueKind == JsonValueKind.String
                    ? new ArticleAuthor(item.GetString()!)
                    : new ArticleAuthor(Text(item, "name") ?? string.Empty, Text(item, "email"), Text(item, "url")))
                .Where(a => a.Name.Length > 0)
                .ToList();
            if (authors.Count > 0)
                return authors;
        }

        return Meta(document, "author") is { } name ? [new ArticleAuthor(name)] : [];
    }

    private static ArticleImage? Image(JsonElement? linked, IHtmlDocument document)
    {
        if (linked is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("image", out var image))
        {
            var first = image.ValueKind == JsonValueKind.Array ? image.EnumerateArray().FirstOrDefault() : image;
            if (first.ValueKind == JsonValueKind.String)
                return new ArticleImage(first.GetString());
            if (first.ValueKind == JsonValueKind.Object)
                return new ArticleImage(Text(first, "url") ?? Text(first, "contentUrl"), Text(first, "caption"), Text(first, "creditText"));
        }

        return Meta(document, "og:image") is { } url ? new ArticleImage(url, Meta(document, "og:image:alt")) : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
