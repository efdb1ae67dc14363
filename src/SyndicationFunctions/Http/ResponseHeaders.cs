using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Http;

/// <summary>Headers every answer of the app carries, whatever its status.</summary>
public static class ResponseHeaders
{
    public const string ContentTypeOptions = "X-Content-Type-Options";

    /// <summary>Browsers must not guess another type than the one sent (a feed or JSON rendered as HTML).</summary>
    public const string NoSniff = "nosniff";

    /// <summary>
    /// What an answer that says nothing of caching is sent with: without it a shared cache picks its own lifetime
    /// (Varnish two minutes, Azure Front Door one to three days), and a listing or an error would outlive the data.
    /// </summary>
    public const string UnlabelledCacheControl = "no-cache";

    public static void ApplyTo(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[ContentTypeOptions] = NoSniff;
        if (!headers.ContainsKey(HeaderNames.CacheControl))
        {
            headers.CacheControl = UnlabelledCacheControl;
        }
    }
}
