using System.Text.Json;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Ingestion;

/// <summary>How the articles of a batch are framed in its body.</summary>
public enum BatchFraming
{
    /// <summary>One JSON array of article objects (<c>application/json</c>).</summary>
    JsonArray,

    /// <summary>Newline-delimited JSON: one article object per non-blank line (<c>application/x-ndjson</c>, <c>.ndjson</c>).</summary>
    Ndjson,
}

/// <summary>
/// One item of a batch: its 0-based place among the items, its 1-based line for NDJSON, and either the JSON
/// of one article (<see cref="Json"/>) or why the item could not be read at all (<see cref="Error"/>).
/// </summary>
/// <param name="GivenId">The <c>id</c> the item names, when it names one, so a failure can be matched to an article.</param>
public sealed record BatchItem(int Index, int? Line, string? Json, string? GivenId, ArticleValidationException? Error)
{
    public static BatchItem Readable(int index, int? line, string json, string? givenId) => new(index, line, json, givenId, null);

    public static BatchItem Unreadable(int index, int? line, string message, string? givenId = null)
        => new(index, line, null, givenId, ArticleValidationException.ForField(BatchReader.ItemField, message));
}

/// <summary>
/// Splits a batch body into its items. The body as a whole must be readable (an array, or at least one
/// line), within <see cref="MaxItems"/>: otherwise <see cref="ArticleValidationException"/> (a 400). An
/// item that is not a JSON object, or an NDJSON line that is not JSON, is reported on that item alone,
/// so one bad item does not cost the others.
/// </summary>
public static class BatchReader
{
    /// <summary>
    /// The most articles one request holds. Items are prepared on every core and stored together, so a thousand
    /// stay well inside the front end's request timeout; with the 1 MiB body limit that leaves about 1 KiB per
    /// article, so for longer articles the body limit (413) comes first. More is a 400 that says to split; an
    /// <c>.ndjson</c> inbox file holds many more (<see cref="InboxLimits.MaxFileLines"/>).
    /// </summary>
    public const int MaxItems = 1000;

    /// <summary>The field name item-level framing errors are reported under.</summary>
    public const string ItemField = "item";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        // One more level than a single article allows: the array around the items.
        MaxDepth = 33,
    };

    /// <summary>The framing a Content-Type stands for: JSON is an array, the NDJSON types are lines; null when neither.</summary>
    public static BatchFraming? FramingOf(string? contentType)
    {
        if (FormatDetection.IsNdjsonContentType(contentType))
            return BatchFraming.Ndjson;
        return FormatDetection.FromContentType(contentType) == ArticleFormat.Json ? BatchFraming.JsonArray : null;
    }

    public static IReadOnlyList<BatchItem> Read(string body, BatchFraming framing)
    {
        ArgumentNullException.ThrowIfNull(body);
        return framing switch
        {
            BatchFraming.JsonArray => ReadArray(body),
            BatchFraming.Ndjson => ReadLines(body),
            _ => throw new ArgumentOutOfRangeException(nameof(framing), framing, "Unknown batch framing."),
        };
    }

    private static List<BatchItem> ReadArray(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw ArticleValidationException.ForField("body", $"The body is not valid JSON{Where(exception)}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw ArticleValidationException.ForField("body",
                    $"A batch is a JSON array of articles (or NDJSON, one article per line, sent as application/x-ndjson), not {Describe(root.ValueKind)}; POST a single article to /api/articles.");
            }

            CheckCount(root.GetArrayLength());
            var items = new List<BatchItem>(root.GetArrayLength());
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                items.Add(element.ValueKind == JsonValueKind.Object
                    ? BatchItem.Readable(index, null, element.GetRawText(), IdOf(element))
                    : BatchItem.Unreadable(index, null, $"Item {index} must be a JSON object describing one article, not {Describe(element.ValueKind)}."));
                index++;
            }

            return items;
        }
    }

    private static List<BatchItem> ReadLines(string body)
    {
        // NDJSON separates records with \n; a \r before it (files written on Windows) is part of the separator.
        var lines = body.Split('\n');
        var numbered = lines
            .Select((text, i) => (Number: i + 1, Text: text.TrimEnd('\r')))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .ToList();
        CheckCount(numbered.Count);

        var items = new List<BatchItem>(numbered.Count);
        foreach (var (number, text) in numbered)
            items.Add(ReadLine(items.Count, number, text));

        return items;
    }

    /// <summary>One non-blank NDJSON line as the item at <paramref name="index"/>; a line that is not an article object is reported on that item.</summary>
    public static BatchItem ReadLine(int index, int number, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text, DocumentOptions);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? BatchItem.Readable(index, number, text, IdOf(root))
                : BatchItem.Unreadable(index, number, $"Line {number} must be a JSON object describing one article, not {Describe(root.ValueKind)}.");
        }
        catch (JsonException exception)
        {
            // The position is within the line; a line that is not JSON at all does not stop the others.
            var position = exception.BytePositionInLine is { } byteInLine ? $" at position {byteInLine + 1}" : string.Empty;
            return BatchItem.Unreadable(index, number, $"Line {number} is not valid JSON{position}: each line holds one whole article object.");
        }
    }

    private static void CheckCount(int count)
    {
        if (count == 0)
            throw ArticleValidationException.ForField("body", "The batch is empty: send at least one article.");
        if (count > MaxItems)
            throw ArticleValidationException.ForField("body", $"A batch holds at most {MaxItems} articles; this one has {count}. Split it into smaller batches.");
    }

    private static string? IdOf(JsonElement article)
    {
        // Matched as the article reader matches members: case-insensitively, the last one winning.
        string? id = null;
        foreach (var member in article.EnumerateObject())
        {
            if (string.Equals(member.Name, "id", StringComparison.OrdinalIgnoreCase))
                id = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
        }

        return id;
    }

    private static string Where(JsonException exception) => exception.LineNumber is { } line
        ? $" at line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1}"
        : string.Empty;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
