using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Changes;

/// <summary>
/// Every public change in commit order, for partners who mirror the archive: <c>published</c>, <c>updated</c>,
/// <c>withdrawn</c>. Following <c>next</c> yields each change exactly once; an empty page still has a cursor.
/// </summary>
public sealed class ChangeFeedFunction(IArticleStore store, IOptions<SyndicationOptions> options, TimeProvider time, ILogger<ChangeFeedFunction> logger)
{
    /// <summary>Changes a page holds when the client does not say (<c>?limit=</c>, at most <see cref="SyndicationOptions.MaxFeedLimit"/>).</summary>
    public const int DefaultLimit = 100;

    /// <summary>A full page never changes again: readers and proxies may keep it for a day.</summary>
    private static readonly TimeSpan FullPageMaxAge = TimeSpan.FromDays(1);

    [Function(nameof(GetChanges))]
    public Task<IActionResult> GetChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Routes.Changes)] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            var limit = ListingQuery.Limit(request, SyndicationOptions.MaxFeedLimit) ?? DefaultLimit;
            var cursor = ListingQuery.Cursor(request);
            long? after = cursor is null ? null : ChangeCursor.Decode(cursor)
                ?? throw ArticleValidationException.ForQuery("cursor", "The cursor is not one /api/changes issued: use the 'next' of an earlier page, or start without one.");

            var page = await store.ReadChangesAsync(after, limit, cancellationToken).ConfigureAwait(false);
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new ChangeDocument(page.Changes.Select(c => new ChangeEntry(c.Sequence, c.Kind, c.Id, c.At, c.Article)).ToList(), ChangeCursor.Encode(page.Next)),
                ArticleJson.Options);

            var version = string.Join('|', after?.ToString(CultureInfo.InvariantCulture) ?? "start", limit.ToString(CultureInfo.InvariantCulture),
                page.Next.ToString(CultureInfo.InvariantCulture), page.Changes.Count.ToString(CultureInfo.InvariantCulture));
            var rendered = new RenderedResponse(body, "application/json; charset=utf-8", ResourceValidators.ForVersion(version, page.LastModified), page.NextDue);
            var maxAge = page.Changes.Count >= limit ? FullPageMaxAge : rendered.MaxAge(options.Value.CacheMaxAge, time.GetUtcNow());
            // Compressed in the coding the client prefers, with Vary and a validator per coding, as the feeds are.
            return rendered.Serve(request, maxAge, null);
        });

    /// <summary>The JSON of <c>/api/changes</c>; <c>next</c> is always written.</summary>
    private sealed record ChangeDocument(IReadOnlyList<ChangeEntry> Changes, string Next);

    /// <param name="Article">The article as of this change; left out for a withdrawal.</param>
    private sealed record ChangeEntry(long Sequence, string Kind, string Id, DateTimeOffset At, Article? Article);
}

/// <summary>An opaque change-feed cursor: the last sequence number served, base64url-encoded.</summary>
public static class ChangeCursor
{
    private const string Prefix = "changes:";

    public static string Encode(long sequence)
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + sequence.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The sequence in a cursor, or null when it is not one.</summary>
    public static long? Decode(string cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? sequence
                : null;
    }
}
