using System.Text;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Tests.Ingestion;

public sealed class NdjsonFileReaderTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private static string Article(string id) => $$"""{"id":"{{id}}","title":"T","contentText":"x","section":"World"}""";

    private static async Task<List<IReadOnlyList<BatchItem>>> ChunksAsync(byte[] bytes, int maxLineBytes = 1000, int chunkLines = 3, int chunkBytes = 1_000_000)
    {
        var chunks = new List<IReadOnlyList<BatchItem>>();
        // A small read buffer on the stream's side is not needed: lines already cross the reader's 64 KiB reads in the long-line test.
        await foreach (var chunk in NdjsonFileReader.ReadChunksAsync(new MemoryStream(bytes), Utf8, maxLineBytes, chunkLines, chunkBytes, CancellationToken.None))
            chunks.Add(chunk);
        return chunks;
    }

    [Fact]
    public async Task ReadChunksAsync_LinesAndBlankLines_ChunkedInOrderWithFileLineNumbers()
    {
        var text = "\uFEFF" + string.Join("\r\n", Article("a"), "", Article("b"), "  ", Article("c"), Article("d"), "[1]", "{nope") + "\r\n";

        var chunks = await ChunksAsync(Utf8.GetBytes(text));

        Assert.Equal([3, 3], chunks.Select(c => c.Count));
        var items = chunks.SelectMany(c => c).ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], items.Select(i => i.Index));
        Assert.Equal([1, 3, 5, 6, 7, 8], items.Select(i => i.Line!.Value));
        Assert.Equal(["a", "b", "c", "d"], items.Take(4).Select(i => i.GivenId));
        Assert.Contains("must be a JSON object", items[4].Error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 8 is not valid JSON", items[5].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadChunksAsync_LineOverTheLimit_ThatLineAloneReportedAndTheNextRead()
    {
        var longLine = $$"""{"id":"long","title":"T","contentText":"{{new string('x', 200_000)}}","section":"World"}""";
        var text = string.Join('\n', Article("before"), longLine, Article("after"));

        var items = (await ChunksAsync(Utf8.GetBytes(text), maxLineBytes: 100_000, chunkLines: 10)).SelectMany(c => c).ToList();

        Assert.Equal(["before", null, "after"], items.Select(i => i.GivenId));
        Assert.Equal("Line 2 is longer than 100000 bytes, the most one article may take.", items[1].Error!.Errors[BatchReader.ItemField].Single());
        Assert.Equal(3, items[2].Line);
    }

    [Fact]
    public async Task ReadChunksAsync_InvalidUtf8OnOneLine_ThatLineAloneReported()
    {
        var bytes = Utf8.GetBytes(Article("ok") + "\n").Concat(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D, 0x0A }).Concat(Utf8.GetBytes(Article("ok-2"))).ToArray();

        var items = (await ChunksAsync(bytes)).SelectMany(c => c).ToList();

        Assert.Equal(["ok", null, "ok-2"], items.Select(i => i.GivenId));
        Assert.Equal("Line 2 is not valid utf-8.", items[1].Error!.Message);
    }

    [Fact]
    public async Task ReadChunksAsync_ChunkBytesReached_ChunkEndsEarly()
    {
        var text = string.Join('\n', Enumerable.Range(0, 6).Select(i => Article($"b-{i}")));

        var chunks = await ChunksAsync(Utf8.GetBytes(text), chunkLines: 100, chunkBytes: 2 * Utf8.GetByteCount(Article("b-0")));

        Assert.Equal([2, 2, 2], chunks.Select(c => c.Count));
    }

    [Fact]
    public void EnsureSplittable_Utf16_RefusedNamingUtf8()
    {
        var error = Assert.Throws<ArticleValidationException>(() => NdjsonFileReader.EnsureSplittable(Encoding.Unicode));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
