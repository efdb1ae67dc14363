using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Feeds;

/// <summary>A response body rendered from storage, with the validators that describe it.</summary>
/// <param name="NextDue">When what it shows changes without a write (a scheduled article becomes public): it is not kept past that.</param>
public sealed record RenderedResponse(byte[] Body, string ContentType, ResourceValidators Validators, DateTimeOffset? NextDue = null)
{
    // Compressed at most once per render, when a client first asks for that coding, and kept with the plain bytes.
    private readonly Lazy<byte[]> _gzip = new(() => ContentCodings.Encode(Body, ContentCoding.Gzip));
    private readonly Lazy<byte[]> _brotli = new(() => ContentCodings.Encode(Body, ContentCoding.Brotli));

    /// <summary>Extra headers every answer of this representation carries (a page's Content-Security-Policy).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public byte[] BodyIn(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => _gzip.Value,
        ContentCoding.Brotli => _brotli.Value,
        _ => Body,
    };

    /// <summary>How long readers may keep it: the configured time, but never past the next scheduled change.</summary>
    public TimeSpan MaxAge(TimeSpan configured, DateTimeOffset now)
    {
        if (NextDue is not { } due)
        {
            return configured;
        }

        var untilDue = TimeSpan.FromSeconds(Math.Floor(Math.Max(0, (due - now).TotalSeconds)));
        return untilDue < configured ? untilDue : configured;
    }

    /// <summary>
    /// Answers a GET or HEAD with this representation in the coding the client prefers, with validators of that
    /// coding, <c>Vary</c>, and a bodiless 304 when the client's copy is current.
    /// </summary>
    /// <param name="vary">The request headers the choice depended on besides Accept-Encoding (such as <c>Accept</c>), or null.</param>
    public IActionResult Serve(HttpRequest request, TimeSpan maxAge, string? vary)
    {
        ArgumentNullException.ThrowIfNull(request);
        var coding = ContentCodings.Choose(request, Body.Length);
        var validators = Validators.WithSuffix(ContentCodings.TagSuffix(coding));
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = vary is null ? "Accept-Encoding" : vary + ", Accept-Encoding";
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }

        if (ConditionalGet.NotModifiedOrNull(request, validators, maxAge) is { } notModified)
        {
            return notModified;
        }

        var result = new BytesResult(StatusCodes.Status200OK, ContentType, BodyIn(coding));
        if (ContentCodings.HeaderValue(coding) is { } encoding)
        {
            result.Headers["Content-Encoding"] = encoding;
        }

        return result;
    }
}

/// <summary>
/// Keeps rendered feeds and summaries for a moment, so a burst of readers (and their 304s) costs one
/// storage query and one rendering instead of one each. An entry is dropped as soon as this instance
/// writes an article, and after <see cref="Lifetime"/> in any case, which bounds how long another
/// instance's write can go unseen here.
/// </summary>
public sealed class RenderedResponseCache(ArticleChangeSignal changes, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    /// <summary>Past this many entries (cursors make keys unbounded) the cache starts again empty.</summary>
    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<object, Entry> _entries = new();

    private sealed record Entry(RenderedResponse Response, long Version, DateTimeOffset Expires);

    /// <summary>The cached response for <paramref name="key"/> (a value-equal record), or a fresh one from <paramref name="render"/>.</summary>
    public async Task<RenderedResponse?> GetOrRenderAsync(object key, Func<Task<RenderedResponse?>> render)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(render);

        // Read before rendering: a write that lands meanwhile makes this entry stale at once.
        var version = changes.Version;
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.Version == version && cached.Expires > now)
        {
            return cached.Response;
        }

        var fresh = await render().ConfigureAwait(false);
        if (fresh is not null)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            var expires = now + Lifetime;
            _entries[key] = new Entry(fresh, version, fresh.NextDue is { } due && due < expires ? due : expires);
        }

        return fresh;
    }
}
