using System.Globalization;
using System.Text.Json;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// Reads the input JSON of one article: the resource's own names (camelCase, matched case-insensitively),
/// the body as exactly one of <c>contentHtml</c>, <c>contentText</c> or <c>contentMarkdown</c>, and
/// <c>section</c> as a plain string. Unknown members, and those the app computes itself
/// (<c>updated</c>, <c>wordCount</c>, <c>source</c>), are ignored.
/// </summary>
public static class JsonArticleReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    public static ArticleDraft Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line
                ? $" at line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1}"
                : string.Empty;
            throw ArticleValidationException.ForField("body", $"The body is not valid JSON{where}.");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>Reads one article object (also used for the items of a batch).</summary>
    public static ArticleDraft Read(JsonElement article)
    {
        if (article.ValueKind != JsonValueKind.Object)
            throw ArticleValidationException.ForField("body", "The body must be a JSON object describing one article.");

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var members = Members(article);

        string? Text(string name) => TextOf(members, name, errors);

        var bodies = new[] { ("contentHtml", DraftBodyKind.Html), ("contentText", DraftBodyKind.Text), ("contentMarkdown", DraftBodyKind.Markdown) }
            .Select(b => (b.Item1, b.Item2, Content: Text(b.Item1)))
            .Where(b => b.Content is not null)
            .ToList();
        DraftBody? body = null;
        if (bodies.Count > 1)
            errors["content"] = [$"Give exactly one of contentHtml, contentText or contentMarkdown, not {string.Join(" and ", bodies.Select(b => b.Item1))}."];
        else if (bodies.Count == 1)
            body = new DraftBody(bodies[0].Item2, bodies[0].Content!, bodies[0].Item1);

        var draft = new ArticleDraft
        {
            Id = Text("id"),
            Title = Text("title"),
            Summary = Text("summary"),
            Body = body,
            Url = Text("url"),
            Published = DateOf(members, "published", errors),
            Section = SectionOf(members, errors),
            Tags = TagsOf(members, errors),
            Authors = AuthorsOf(members, errors),
            Image = ImageOf(members, errors),
            Related = RelatedOf(members, errors),
            Language = Text("language"),
            ReadingMinutes = MinutesOf(members, errors),
        };

        if (errors.Count > 0)
        {
            var detail = errors.Count == 1 ? errors.Values.First()[0] : $"The article has {errors.Count} invalid fields: {string.Join(", ", errors.Keys)}.";
            throw new ArticleValidationException(detail, errors);
        }

        return draft;
    }

    private static string? TextOf(Dictionary<string, JsonElement> members, string name, Dictionary<string, string[]> errors, string? field = null)
    {
        if (!members.TryGetValue(name, out var value))
            return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Null:
                return null;
            default:
                errors[field ?? name] = [$"Must be a string, not {Describe(value.ValueKind)}."];
                return null;
        }
    }

    private static DateTimeOffset? DateOf(Dictionary<string, JsonElement> members, string name, Dictionary<string, string[]> errors)
    {
        var text = TextOf(members, name, errors);
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            return value.ToUniversalTime();

        errors[name] = ["Must be an ISO 8601 date or date-time, such as 2025-05-13 or 2025-05-13T09:30:00Z."];
        return null;
    }

    private static string? SectionOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        // The stored resource has section { slug, name }; taking its name lets a GET body be sent back as is.
        if (members.TryGetValue("section", out var value) && value.ValueKind == JsonValueKind.Object)
            return TextOf(Members(value), "name", errors, "section");
        return TextOf(members, "section", errors);
    }

    private static List<string> TagsOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        if (!members.TryGetValue("tags", out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        if (value.ValueKind == JsonValueKind.String)
            return [.. value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            errors["tags"] = ["Must be an array of strings."];
            return [];
        }

        return [.. value.EnumerateArray().Select(t => t.GetString()!)];
    }

    private static List<ArticleAuthor> AuthorsOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        if (!members.TryGetValue("authors", out var value) || value.ValueKind == JsonValueKind.Null)
            return [];

        // One author alone, as a name or an object, is accepted as a list of one.
        var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new List<JsonElement> { value };
        var authors = new List<ArticleAuthor>();
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"authors[{i}]";
            switch (items[i].ValueKind)
            {
                case JsonValueKind.String:
                    authors.Add(new ArticleAuthor(items[i].GetString()!));
                    break;
                case JsonValueKind.Object:
                    var author = Members(items[i]);
                    authors.Add(new ArticleAuthor(
                        TextOf(author, "name", errors, $"{field}.name") ?? string.Empty,
                        TextOf(author, "email", errors, $"{field}.email"),
                        TextOf(author, "url", errors, $"{field}.url")));
                    break;
                default:
                    errors[field] = ["Must be an object { name, email?, url? } or a name."];
                    break;
            }
        }

        return authors;
    }

    private static ArticleImage? ImageOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        if (!members.TryGetValue("image", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return new ArticleImage(value.GetString());
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["image"] = ["Must be an object { url?, caption?, credit? } or a URL."];
            return null;
        }

        var image = Members(value);
        return new ArticleImage(
            TextOf(image, "url", errors, "image.url"),
            TextOf(image, "caption", errors, "image.caption"),
            TextOf(image, "credit", errors, "image.credit"));
    }

    private static List<RelatedLink> RelatedOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        if (!members.TryGetValue("related", out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors["related"] = ["Must be an array of { title, source?, url? }."];
            return [];
        }

        var related = new List<RelatedLink>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"related[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors[field] = ["Must be an object { title, source?, url? }."];
                continue;
            }

            var link = Members(item);
            related.Add(new RelatedLink(
                TextOf(link, "title", errors, $"{field}.title") ?? string.Empty,
                TextOf(link, "source", errors, $"{field}.source"),
                TextOf(link, "url", errors, $"{field}.url")));
        }

        return related;
    }

    private static int? MinutesOf(Dictionary<string, JsonElement> members, Dictionary<string, string[]> errors)
    {
        if (!members.TryGetValue("readingMinutes", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var minutes))
            return minutes;

        errors["readingMinutes"] = ["Must be a whole number of minutes."];
        return null;
    }

    private static Dictionary<string, JsonElement> Members(JsonElement element)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in element.EnumerateObject())
            members[member.Name] = member.Value;
        return members;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
