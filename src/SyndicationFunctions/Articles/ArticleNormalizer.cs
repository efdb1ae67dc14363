using System.Text.RegularExpressions;

namespace SyndicationFunctions.Articles;

/// <summary>
/// Turns a draft from any reader into a valid, cleaned <see cref="Article"/>: every text stripped of characters
/// XML forbids, HTML sanitised, URLs checked and made absolute, ids and slugs made, counts computed, limits
/// enforced. Collects every field error before throwing one <see cref="ArticleValidationException"/>.
/// </summary>
public sealed partial class ArticleNormalizer(ArticleHtmlCleaner htmlCleaner, TimeProvider time)
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // BCP 47 shape (en, en-GB, pt-BR, zh-Hant-TW), not a registry check.
    [GeneratedRegex("^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    public Article Normalize(ArticleDraft draft, ArticleSource source)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(source);
        var errors = new FieldErrors();
        var now = time.GetUtcNow();

        var title = Line(draft.Title);
        if (title is null)
            errors.Add("title", "A title is required.");
        else if (title.Length > ArticleLimits.TitleLength)
            errors.Add("title", $"The title is {title.Length} characters long; at most {ArticleLimits.TitleLength} are allowed.");

        var summary = Line(draft.Summary);
        if (summary?.Length > ArticleLimits.SummaryLength)
            errors.Add("summary", $"The summary is {summary.Length} characters long; at most {ArticleLimits.SummaryLength} are allowed.");

        var url = AbsoluteUrl(draft.Url, baseUrl: null, "url", errors);
        var section = NormalizeSection(draft.Section, errors);
        var content = NormalizeBody(draft.Body, url, errors);
        var tags = NormalizeTags(draft.Tags, errors);
        var authors = NormalizeAuthors(draft.Authors, url, errors);
        var image = NormalizeImage(draft.Image, url, errors);
        var related = NormalizeRelated(draft.Related, url, errors);

        var language = Line(draft.Language);
        if (language is not null && (language.Length > ArticleLimits.LanguageLength || !LanguageTag().IsMatch(language)))
            errors.Add("language", "The language must be a language tag such as 'en' or 'pt-BR'.");

        if (draft.ReadingMinutes is < 1 or > ArticleLimits.ReadingMinutes)
            errors.Add("readingMinutes", $"The reading time must be between 1 and {ArticleLimits.ReadingMinutes} minutes.");

        // Whole seconds: every format the article is served in (JSON, RFC 822, Atom) says no more.
        var published = (draft.Published ?? now).ToUniversalTime();
        published = published.AddTicks(-(published.UtcTicks % TimeSpan.TicksPerSecond));
        if (published < ArticleLimits.EarliestPublished || published > now.AddDays(ArticleLimits.FutureDays))
        {
            errors.Add("published", $"The publication date must fall between {ArticleLimits.EarliestPublished:yyyy-MM-dd} and {ArticleLimits.FutureDays} days from now.");
        }

        var id = Line(draft.Id);
        if (id is not null && !ArticleId.IsValid(id))
        {
            errors.Add("id", $"An id is 1 to {ArticleLimits.IdLength} characters: ASCII letters, digits, '-', '_' or '.', "
                + "starting and ending with a letter or digit.");
        }

        errors.ThrowIfAny();

        var wordCount = CountWords(htmlCleaner.TextOf(content!));
        return new Article
        {
            Id = id ?? ArticleId.FromTitle(published, title!),
            Title = title!,
            Summary = summary,
            ContentHtml = content!,
            Url = url,
            Published = published,
            // A first version is as new as its publication; storage moves `updated` on every later change.
            Updated = published,
            Section = section!,
            Tags = tags,
            Authors = authors,
            Image = image,
            Related = related,
            Language = language,
            WordCount = wordCount,
            ReadingMinutes = draft.ReadingMinutes ?? Math.Max(1, (int)Math.Ceiling(wordCount / (double)ArticleLimits.WordsPerMinute)),
            Source = source with { Name = Line(source.Name) },
        };
    }

    /// <summary>Words of the text: runs of non-space characters that hold at least one letter or digit.</summary>
    public static int CountWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        var inWord = false;
        var wordHasLetter = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inWord && wordHasLetter)
                    count++;
                inWord = false;
                wordHasLetter = false;
            }
            else
            {
                inWord = true;
                wordHasLetter |= char.IsLetterOrDigit(c);
            }
        }

        return inWord && wordHasLetter ? count + 1 : count;
    }

    /// <summary>A single-line text field: forbidden characters removed, whitespace collapsed, empty as null.</summary>
    private static string? Line(string? value)
    {
        if (value is null)
            return null;
        var cleaned = Whitespace().Replace(XmlText.RemoveForbiddenCharacters(value), " ").Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static ArticleSection? NormalizeSection(string? value, FieldErrors errors)
    {
        var name = Line(value);
        if (name is null)
        {
            errors.Add("section", "A section is required (for example \"World\").");
            return null;
        }

        if (name.Length > ArticleLimits.SectionLength)
        {
            errors.Add("section", $"The section name is {name.Length} characters long; at most {ArticleLimits.SectionLength} are allowed.");
            return null;
        }

        var slug = Slug.Truncate(Slug.Create(name), ArticleLimits.SectionLength);
        return new ArticleSection(slug.Length > 0 ? slug : "section-" + ArticleId.ShortHash(name), name);
    }

    private string? NormalizeBody(DraftBody? body, string? baseUrl, FieldErrors errors)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Content))
        {
            errors.Add(body?.Field ?? "content", "The article has no body: give one of contentHtml, contentText or contentMarkdown.");
            return null;
        }

        var html = body.Kind switch
        {
            DraftBodyKind.Text => PlainTextHtml.FromText(XmlText.RemoveForbiddenCharacters(body.Content)),
            DraftBodyKind.Markdown => MarkdownHtml.FromMarkdown(XmlText.RemoveForbiddenCharacters(body.Content), body.Field),
            _ => body.Content,
        };

        // Before any tree is built: nesting and attribute counts that would cost more than linear time.
        HtmlShapeGuard.EnsureWithinLimits(html, body.Field);
        var cleaned = htmlCleaner.Clean(html, baseUrl);
        if (string.IsNullOrWhiteSpace(htmlCleaner.TextOf(cleaned)) && !cleaned.Contains("<img", StringComparison.Ordinal))
        {
            errors.Add(body.Field, "The article body is empty once unsafe markup is removed.");
            return null;
        }

        return cleaned;
    }

    private static List<string> NormalizeTags(IReadOnlyList<string> values, FieldErrors errors)
    {
        var tags = new List<string>();
        foreach (var value in values)
        {
            var tag = Line(value);
            if (tag is null || tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                continue;
            if (tag.Length > ArticleLimits.TagLength)
                errors.Add("tags", $"The tag \"{tag[..20]}…\" is {tag.Length} characters long; at most {ArticleLimits.TagLength} are allowed.");
            tags.Add(tag);
        }

        if (tags.Count > ArticleLimits.Tags)
            errors.Add("tags", $"{tags.Count} tags given; at most {ArticleLimits.Tags} are allowed.");
        return tags;
    }

    private static List<ArticleAuthor> NormalizeAuthors(IReadOnlyList<ArticleAuthor> values, string? baseUrl, FieldErrors errors)
    {
        if (values.Count > ArticleLimits.Authors)
            errors.Add("authors", $"{values.Count} authors given; at most {ArticleLimits.Authors} are allowed.");

        var authors = new List<ArticleAuthor>();
        for (var i = 0; i < values.Count; i++)
        {
            var field = $"authors[{i}]";
            var name = Line(values[i].Name);
            if (name is null)
            {
                errors.Add($"{field}.name", "An author needs a name.");
                continue;
            }

            if (name.Length > ArticleLimits.AuthorNameLength)
                errors.Add($"{field}.name", $"At most {ArticleLimits.AuthorNameLength} characters are allowed.");

            var email = Line(values[i].Email);
            if (email is not null && (email.Length > ArticleLimits.EmailLength || !EmailShape().IsMatch(email)))
                errors.Add($"{field}.email", "Not an e-mail address.");

            authors.Add(new ArticleAuthor(name, email, AbsoluteUrl(values[i].Url, baseUrl, $"{field}.url", errors)));
        }

        return authors;
    }

    private static ArticleImage? NormalizeImage(ArticleImage? value, string? baseUrl, FieldErrors errors)
    {
        if (value is null)
            return null;

        var caption = Line(value.Caption);
        if (caption?.Length > ArticleLimits.CaptionLength)
            errors.Add("image.caption", $"At most {ArticleLimits.CaptionLength} characters are allowed.");
        var credit = Line(value.Credit);
        if (credit?.Length > ArticleLimits.CreditLength)
            errors.Add("image.credit", $"At most {ArticleLimits.CreditLength} characters are allowed.");

        var url = AbsoluteUrl(value.Url, baseUrl, "image.url", errors);
        return url is null && caption is null && credit is null ? null : new ArticleImage(url, caption, credit);
    }

    private static List<RelatedLink> NormalizeRelated(IReadOnlyList<RelatedLink> values, string? baseUrl, FieldErrors errors)
    {
        if (values.Count > ArticleLimits.Related)
            errors.Add("related", $"{values.Count} related links given; at most {ArticleLimits.Related} are allowed.");

        var related = new List<RelatedLink>();
        for (var i = 0; i < values.Count; i++)
        {
            var field = $"related[{i}]";
            var title = Line(values[i].Title);
            if (title is null)
            {
                errors.Add($"{field}.title", "A related link needs a title.");
                continue;
            }

            if (title.Length > ArticleLimits.RelatedTitleLength)
                errors.Add($"{field}.title", $"At most {ArticleLimits.RelatedTitleLength} characters are allowed.");
            var source = Line(values[i].Source);
            if (source?.Length > ArticleLimits.RelatedSourceLength)
                errors.Add($"{field}.source", $"At most {ArticleLimits.RelatedSourceLength} characters are allowed.");

            related.Add(new RelatedLink(title, source, AbsoluteUrl(values[i].Url, baseUrl, $"{field}.url", errors)));
        }

        return related;
    }

    /// <summary>An http(s) URL, resolved against the article URL when relative; anything else is a field error.</summary>
    private static string? AbsoluteUrl(string? value, string? baseUrl, string field, FieldErrors errors)
    {
        var text = Line(value);
        if (text is null)
            return null;

        Uri? uri = null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !absolute.IsFile && !absolute.IsUnc)
            uri = absolute;
        else if (baseUrl is not null && Uri.TryCreate(text, UriKind.Relative, out var relative))
            uri = new Uri(new Uri(baseUrl), relative);

        if (uri is null || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(field, baseUrl is null
                ? "Must be an absolute http or https URL."
                : "Must be an http or https URL (absolute, or relative to the article url).");
            return null;
        }

        var result = uri.AbsoluteUri;
        if (result.Length > ArticleLimits.UrlLength)
        {
            errors.Add(field, $"At most {ArticleLimits.UrlLength} characters are allowed.");
            return null;
        }

        return result;
    }

    private sealed class FieldErrors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var messages))
                _errors[field] = messages = [];
            messages.Add(message);
        }

        public void ThrowIfAny()
        {
            if (_errors.Count == 0)
                return;

            var detail = _errors.Count == 1
                ? _errors.Values.First()[0]
                : $"The article has {_errors.Count} invalid fields: {string.Join(", ", _errors.Keys)}.";
            throw new ArticleValidationException(detail, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
