using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Articles;

/// <summary>
/// The article as a plain web page: what a feed item links to when the publisher gave no canonical URL,
/// so a reader who follows the link from a feed reader gets something to read, not JSON.
/// </summary>
public static class ArticleHtmlPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>
    /// The page allows no script at all: the content is already sanitised, and this keeps it inert even if
    /// the allowlist ever let something through.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    // Text stays in Unicode as given (Türkiye, not T&#xFC;rkiye); markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>True when the client ranks HTML above JSON (a browser does; curl and API clients do not).</summary>
    public static bool IsPreferredBy(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return false;
        }

        double QualityOf(string mediaType) => accept
            .Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(-1)
            .Max();

        var wildcard = accept.Where(a => a.MediaType == "*/*").Select(a => a.Quality ?? 1.0).DefaultIfEmpty(-1).Max();
        var html = QualityOf("text/html");
        var json = Math.Max(QualityOf("application/json"), wildcard);
        return html > 0 && html > json;
    }

    /// <summary>The page's entity tag: the article's own, marked as the HTML variant.</summary>
    public static string EntityTagOf(string articleETag)
    {
        ArgumentNullException.ThrowIfNull(articleETag);
        return articleETag.EndsWith('"') ? articleETag[..^1] + "-html\"" : articleETag + "-html";
    }

    /// <summary>The short page a browser gets for a withdrawn article (410).</summary>
    public static byte[] RenderWithdrawn(string id, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(id);
        var html = Encoder;
        var page = new StringBuilder(1024)
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>Article withdrawn</title>\n")
            .Append("<style>body{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 Georgia,serif}</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>This article has been withdrawn</h1>\n<p>The article <code>").Append(html.Encode(id))
            .Append("</code> was withdrawn by its publisher on <time datetime=\"").Append(ArticleJson.FormatInstant(at)).Append("\">")
            .Append(at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time> and is no longer available.</p>\n")
            .Append("<p><a href=\"/\">See the latest articles</a></p>\n</main>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }

    public static byte[] Render(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var html = Encoder;
        var page = new StringBuilder(article.ContentHtml.Length + 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(html.Encode(article.Language ?? "en")).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(html.Encode(article.Title)).Append("</title>\n");
        if (article.Summary is { Length: > 0 } summary)
        {
            page.Append("<meta name=\"description\" content=\"").Append(html.Encode(summary)).Append("\">\n");
        }

        page.Append("<style>body{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 Georgia,serif}img{max-width:100%}</style>\n")
            .Append("</head>\n<body>\n<article>\n<header>\n<p>").Append(html.Encode(article.Section.Name)).Append(" · <time datetime=\"")
            .Append(ArticleJson.FormatInstant(article.Published)).Append("\">")
            .Append(article.Published.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time></p>\n<h1>")
            .Append(html.Encode(article.Title)).Append("</h1>\n");
        if (article.Summary is { Length: > 0 })
        {
            page.Append("<p><strong>").Append(html.Encode(article.Summary)).Append("</strong></p>\n");
        }

        if (article.Authors.Count > 0)
        {
            page.Append("<p>By ").Append(html.Encode(string.Join(", ", article.Authors.Select(a => a.Name)))).Append("</p>\n");
        }

        page.Append("</header>\n").Append(article.ContentHtml).Append('\n');
        if (article.Image is { Caption: { Length: > 0 } caption })
        {
            page.Append("<p><small>").Append(html.Encode(caption));
            if (article.Image.Credit is { Length: > 0 } credit)
            {
                page.Append(" / ").Append(html.Encode(credit));
            }

            page.Append("</small></p>\n");
        }

        if (article.Related.Count > 0)
        {
            page.Append("<aside>\n<h2>Related</h2>\n<ul>\n");
            foreach (var related in article.Related)
            {
                var text = html.Encode(related.Source is { Length: > 0 } source ? $"{source}: {related.Title}" : related.Title);
                page.Append("<li>").Append(related.Url is { Length: > 0 } url ? $"<a href=\"{html.Encode(url)}\">{text}</a>" : text).Append("</li>\n");
            }

            page.Append("</ul>\n</aside>\n");
        }

        page.Append("</article>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }
}
