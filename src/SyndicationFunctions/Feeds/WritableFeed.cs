using System.Text;
using System.Text.RegularExpressions;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// A feed resolved once into exactly what every format writes: cleaned text, ids, absolute URLs only,
/// instants in UTC at whole seconds. The three writers read this, so they cannot disagree.
/// </summary>
internal sealed record WritableFeed(
    string Id,
    string Title,
    string Description,
    Uri SelfUrl,
    Uri HomeUrl,
    Uri? NextUrl,
    string? Language,
    DateTimeOffset Updated,
    IReadOnlyList<WritableEntry> Entries)
{
    public IReadOnlyList<Uri> Hubs { get; init; } = [];

    public static WritableFeed From(FeedDocument feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var entries = feed.Entries.Select(WritableEntry.From).ToList();
        var title = FeedText.CleanOrNull(feed.Title) ?? feed.HomeUrl.Host;

        // The feed changed when its newest entry did, even if the caller's stamp lags behind.
        var updated = FeedInstant.Of(feed.Updated);
        foreach (var entry in entries)
        {
            if (entry.Updated > updated)
                updated = entry.Updated;
        }

        return new WritableFeed(
            Id: FeedText.CleanOrNull(feed.Id) ?? feed.SelfUrl.AbsoluteUri,
            Title: title,
            Description: FeedText.CleanOrNull(feed.Description) ?? title,
            SelfUrl: feed.SelfUrl,
            HomeUrl: feed.HomeUrl,
            NextUrl: feed.NextUrl,
            Language: FeedLanguage.OrNull(feed.Language),
            Updated: updated,
            Entries: entries)
        {
            Hubs = feed.Hubs,
        };
    }
}

internal sealed record WritableEntry(
    string Id,
    string Title,
    string? Summary,
    string ContentHtml,
    Uri Link,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    ArticleSection Section,
    IReadOnlyList<string> Tags,
    IReadOnlyList<WritableAuthor> Authors,
    WritableImage? Image,
    string? Language)
{
    public static WritableEntry From(FeedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var article = entry.Article;
        var published = FeedInstant.Of(article.Published);
        var updated = FeedInstant.Of(article.Updated);

        var sectionName = FeedText.CleanOrNull(article.Section.Name);
        var sectionSlug = FeedText.CleanOrNull(article.Section.Slug) ?? sectionName ?? "news";
        var title = FeedText.CleanOrNull(article.Title) ?? FeedText.CleanOrNull(article.Id) ?? "Untitled";
        var image = WritableImage.OrNull(article.Image);

        return new WritableEntry(
            Id: FeedIds.ForArticle(article.Id),
            Title: title,
            Summary: FeedText.CleanOrNull(article.Summary),
            ContentHtml: LeadFigure.Prepend(image, title, FeedText.Clean(article.ContentHtml).Trim()),
            Link: entry.Link,
            Published: published,
            // An update cannot precede publication; Atom readers sort on updated.
            Updated: updated < published ? published : updated,
            Section: new ArticleSection(sectionSlug, sectionName ?? sectionSlug),
            Tags: article.Tags.Select(FeedText.CleanOrNull).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Authors: article.Authors.Select(WritableAuthor.OrNull).OfType<WritableAuthor>().ToList(),
            Image: image,
            Language: FeedLanguage.OrNull(article.Language));
    }
}

/// <summary>An author with a name; e-mail and URL only when they are well-formed enough for every validator.</summary>
internal sealed partial record WritableAuthor(string Name, string? Email, Uri? Url)
{
    public static WritableAuthor? OrNull(ArticleAuthor author)
    {
        var email = FeedText.CleanOrNull(author.Email);
        if (email is not null && !EmailPattern().IsMatch(email))
            email = null;
        var name = FeedText.CleanOrNull(author.Name) ?? email;
        return name is null ? null : new WritableAuthor(name, email, FeedUrl.OrNull(author.Url));
    }

    // Deliberately plain: the addr-spec shapes that RSS and Atom validators accept.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();
}

internal sealed record WritableImage(Uri Url, string? Caption, string? Credit)
{
    public static WritableImage? OrNull(ArticleImage? image)
    {
        var url = FeedUrl.OrNull(image?.Url);
        return url is null ? null : new WritableImage(url, FeedText.CleanOrNull(image!.Caption), FeedText.CleanOrNull(image.Credit));
    }
}

/// <summary>
/// The lead image as the first thing in the content: text readers (rss2email, newsboat) ignore Media RSS and
/// show only the content, so this is where they find the picture and its caption. Every format carries it.
/// </summary>
internal static class LeadFigure
{
    public static string Prepend(WritableImage? image, string title, string contentHtml)
    {
        // An image the body already shows (an HTML page's own figure) is not shown twice.
        if (image is null || contentHtml.Contains(Attribute(image.Url.AbsoluteUri), StringComparison.Ordinal))
            return contentHtml;

        var figure = new StringBuilder("<figure><img src=\"").Append(Attribute(image.Url.AbsoluteUri)).Append("\" alt=\"");
        // A caption says what the picture shows; alt text repeating it would be read twice.
        var caption = string.Join(" / ", new[] { image.Caption, image.Credit }.OfType<string>());
        figure.Append(image.Caption is null ? Attribute(title) : "").Append("\">");
        if (caption.Length > 0)
            figure.Append("<figcaption>").Append(FeedText.AsHtml(caption)).Append("</figcaption>");
        figure.Append("</figure>");
        return contentHtml.Length == 0 ? figure.ToString() : figure.Append('\n').Append(contentHtml).ToString();
    }

    private static string Attribute(string value) => FeedText.AsHtml(value).Replace("\"", "&quot;", StringComparison.Ordinal);
}

internal static class FeedUrl
{
    /// <summary>Only absolute http(s) URLs go into a feed: a relative one has no base a reader could resolve.</summary>
    public static Uri? OrNull(string? value)
    {
        var cleaned = FeedText.CleanOrNull(value);
        return cleaned is not null
            && Uri.TryCreate(cleaned, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
    }
}

internal static partial class FeedLanguage
{
    /// <summary>A BCP 47-shaped tag (en, tr, pt-BR, zh-Hant-TW), else null so no feed declares a bogus language.</summary>
    public static string? OrNull(string? value)
    {
        var cleaned = FeedText.CleanOrNull(value);
        return cleaned is not null && LanguageTagPattern().IsMatch(cleaned) ? cleaned : null;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTagPattern();
}

internal static class FeedInstant
{
    /// <summary>UTC at whole seconds: RFC 822 and HTTP dates have no fractions, so every format and Last-Modified agree.</summary>
    public static DateTimeOffset Of(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
