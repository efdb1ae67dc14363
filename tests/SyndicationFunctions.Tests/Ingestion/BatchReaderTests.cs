using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class BatchReaderTests
{
    private static string Article(string id) => $$"""{"id":"{{id}}","title":"Title {{id}}","contentText":"Body.","section":"World","published":"2025-06-01"}""";

    private static ArticleValidationException BodyError(string body, BatchFraming framing)
    {
        var error = Assert.Throws<ArticleValidationException>(() => BatchReader.Read(body, framing));
        Assert.True(error.Errors.ContainsKey("body"));
        return error;
    }

    [Fact]
    public void Read_JsonArray_OneReadableItemPerElementWithoutLines()
    {
        var items = BatchReader.Read($"[ {Article("a-1")},\n  {Article("a-2")} ]", BatchFraming.JsonArray);

        Assert.Equal([0, 1], items.Select(i => i.Index));
        Assert.Equal(["a-1", "a-2"], items.Select(i => i.GivenId));
        Assert.All(items, i => Assert.Null(i.Line));
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.Equal("a-2", JsonArticleReader.Read(items[1].Json!).Id);
    }

    [Fact]
    public void Read_ArrayWithNonObjectItem_OnlyThatItemIsUnreadable()
    {
        var items = BatchReader.Read($"[{Article("b-1")}, 42, {Article("b-3")}]", BatchFraming.JsonArray);

        Assert.Equal(3, items.Count);
        Assert.Null(items[0].Error);
        Assert.Equal("Item 1 must be a JSON object describing one article, not a number.", items[1].Error!.Message);
        Assert.True(items[1].Error!.Errors.ContainsKey(BatchReader.ItemField));
        Assert.Null(items[2].Error);
    }

    [Fact]
    public void Read_NdjsonWithBlankLinesAndCrlf_ItemsCarryTheirLineNumbers()
    {
        var body = $"{Article("n-1")}\r\n\r\n   \r\n{Article("n-2")}\r\n{Article("n-3")}\r\n";

        var items = BatchReader.Read(body, BatchFraming.Ndjson);

        Assert.Equal([0, 1, 2], items.Select(i => i.Index));
        Assert.Equal([1, 4, 5], items.Select(i => i.Line!.Value));
        Assert.All(items, i => Assert.Null(i.Error));
        Assert.All(items, i => Assert.DoesNotContain('\r', i.Json!));
        Assert.Equal(["n-1", "n-2", "n-3"], items.Select(i => i.GivenId));
    }

    [Fact]
    public void Read_NdjsonMalformedLine_ThatLineUnreadableAndNamedOthersReadable()
    {
        var body = $"{Article("m-1")}\n{{\"id\":\"m-2\",\"title\": \n{Article("m-3")}\n[1,2]\n";

        var items = BatchReader.Read(body, BatchFraming.Ndjson);

        Assert.Equal(4, items.Count);
        Assert.Null(items[0].Error);
        Assert.StartsWith("Line 2 is not valid JSON at position ", items[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, items[1].Line);
        Assert.Null(items[2].Error);
        Assert.Equal("Line 4 must be a JSON object describing one article, not an array.", items[3].Error!.Message);
    }

    [Fact]
    public void Read_NdjsonWithOneArticleSpreadOverLines_EachLineIsItsOwnItem()
    {
        // NDJSON framing is per line: pretty-printed JSON is not NDJSON, and every line says so on its own.
        var items = BatchReader.Read("{\n\"title\": \"x\"\n}", BatchFraming.Ndjson);

        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.NotNull(i.Error));
    }

    [Theory]
    [InlineData("""{"title":"one article, not a batch"}""", "not an object")]
    [InlineData("\"text\"", "not a string")]
    [InlineData("[{\"title\": ", "not valid JSON at line 1")]
    [InlineData("", "not valid JSON")]
    public void Read_BodyNotAnArray_WholeBodyError(string body, string expected)
        => Assert.Contains(expected, BodyError(body, BatchFraming.JsonArray).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("[]", BatchFraming.JsonArray)]
    [InlineData("", BatchFraming.Ndjson)]
    [InlineData("\n  \r\n\t\n", BatchFraming.Ndjson)]
    public void Read_EmptyBatch_WholeBodyError(string body, BatchFraming framing)
        => Assert.Equal("The batch is empty: send at least one article.", BodyError(body, framing).Message);

    [Theory]
    [InlineData(BatchFraming.JsonArray)]
    [InlineData(BatchFraming.Ndjson)]
    public void Read_OneItemOverTheMaximum_WholeBodyErrorSayingToSplit(BatchFraming framing)
    {
        var articles = Enumerable.Range(0, BatchReader.MaxItems + 1).Select(i => Article($"x-{i}")).ToList();
        var body = framing == BatchFraming.JsonArray ? $"[{string.Join(',', articles)}]" : string.Join('\n', articles);

        var error = BodyError(body, framing);

        Assert.Equal($"A batch holds at most {BatchReader.MaxItems} articles; this one has {BatchReader.MaxItems + 1}. Split it into smaller batches.", error.Message);
    }

    [Fact]
    public void Read_ExactlyTheMaximum_AllItemsRead()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, BatchReader.MaxItems).Select(i => Article($"y-{i}")));

        Assert.Equal(BatchReader.MaxItems, BatchReader.Read(body, BatchFraming.Ndjson).Count);
    }

    [Theory]
    [InlineData("application/json", BatchFraming.JsonArray)]
    [InlineData("application/json; charset=utf-8", BatchFraming.JsonArray)]
    [InlineData("application/x-ndjson", BatchFraming.Ndjson)]
    [InlineData("application/ndjson; charset=utf-8", BatchFraming.Ndjson)]
    [InlineData("text/plain", null)]
    [InlineData("text/html", null)]
    [InlineData(null, null)]
    public void FramingOf_ContentType_JsonIsAnArrayNdjsonIsLines(string? contentType, BatchFraming? expected)
        => Assert.Equal(expected, BatchReader.FramingOf(contentType));
}
