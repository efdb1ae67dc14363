using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// Conditional GET for feeds and the summary (RFC 9110 section 13): decides between 304 and 200 and writes
/// the validators a client needs to ask again. Unreadable conditions never produce a 304: sending the full
/// representation is always a correct answer, a wrong 304 is not.
/// </summary>
public static class ConditionalGet
{
    /// <summary>
    /// Writes the validators and <c>Cache-Control</c> on the response, then returns a bodiless 304 when the
    /// client's copy is current, or null when the caller should render the representation.
    /// </summary>
    public static IActionResult? NotModifiedOrNull(HttpRequest request, ResourceValidators current, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A 304 carries the same validators and caching rules as the 200 it stands for.
        WriteValidators(request.HttpContext.Response.Headers, current, maxAge);
        return IsNotModified(request, current) ? new BytesResult(StatusCodes.Status304NotModified, null, null) : null;
    }

    /// <summary>True when a GET or HEAD request's conditions say the client already has <paramref name="current"/>.</summary>
    public static bool IsNotModified(HttpRequest request, ResourceValidators current)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && IsNotModified(request.Headers, current);
    }

    /// <summary>The header-level decision, for GET/HEAD: If-None-Match if present, else If-Modified-Since.</summary>
    public static bool IsNotModified(IHeaderDictionary requestHeaders, ResourceValidators current)
    {
        ArgumentNullException.ThrowIfNull(requestHeaders);
        ArgumentNullException.ThrowIfNull(current);

        // RFC 9110 13.2.2: when If-None-Match is present, If-Modified-Since is not evaluated at all.
        var ifNoneMatch = requestHeaders.IfNoneMatch;
        if (!IsBlank(ifNoneMatch))
            return AnyMatches(ifNoneMatch, current.ETag);

        // RFC 9110 13.1.3: ignored unless exactly one valid HTTP-date.
        var ifModifiedSince = requestHeaders.IfModifiedSince;
        if (ifModifiedSince.Count != 1 || !HeaderUtilities.TryParseDate(ifModifiedSince[0], out var since))
            return false;
        return current.LastModified <= since;
    }

    /// <summary>ETag, Last-Modified (IMF-fixdate) and <c>Cache-Control: public, max-age=N</c>.</summary>
    public static void WriteValidators(IHeaderDictionary responseHeaders, ResourceValidators current, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        ArgumentNullException.ThrowIfNull(current);
        responseHeaders.ETag = current.ETag.ToString();
        responseHeaders.LastModified = HeaderUtilities.FormatDate(current.LastModified);
        responseHeaders.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = maxAge }.ToString();
    }

    private static bool AnyMatches(StringValues ifNoneMatch, EntityTagHeaderValue current)
    {
        // A malformed list matches nothing (so the client gets a 200), rather than being half-read.
        if (!EntityTagHeaderValue.TryParseStrictList(ifNoneMatch, out var tags))
            return false;
        foreach (var tag in tags)
        {
            // "*" matches any current representation; otherwise weak comparison, as GET calls for.
            if (tag.Tag == EntityTagHeaderValue.Any.Tag || tag.Compare(current, useStrongComparison: false))
                return true;
        }
        return false;
    }

    private static bool IsBlank(StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
                return false;
        }
        return true;
    }
}
