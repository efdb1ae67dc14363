using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Http;

/// <summary>Whether a client wants a web page rather than a feed or JSON (server-driven negotiation on <c>Accept</c>).</summary>
public static class RepresentationChoice
{
    private static readonly string[] HtmlTypes = ["text/html", "application/xhtml+xml"];

    /// <summary>
    /// True when the request ranks HTML above every one of <paramref name="alternatives"/>, counting wildcards for
    /// them but not for HTML: a browser names text/html first, while feed readers either name their feed types
    /// or send <c>*/*</c> (which keeps the feed).
    /// </summary>
    public static bool PrefersHtml(HttpRequest request, params string[] alternatives)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(alternatives);
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return false;
        }

        double Explicit(string mediaType) => accept
            .Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(-1)
            .Max();

        double WithWildcards(string mediaType)
        {
            var exact = Explicit(mediaType);
            if (exact >= 0)
            {
                return exact;
            }

            var type = mediaType[..mediaType.IndexOf('/', StringComparison.Ordinal)];
            return accept
                .Where(a => a.MediaType == "*/*" || a.MediaType.Equals(type + "/*", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Quality ?? 1.0)
                .DefaultIfEmpty(-1)
                .Max();
        }

        var html = HtmlTypes.Max(Explicit);
        return html > 0 && alternatives.All(alternative => html > WithWildcards(alternative));
    }
}
