using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.Http;

/// <summary>Headers every answer of the app carries, whatever its status.</summary>
public static class ResponseHeaders
{
    public const string ContentTypeOptions = "X-Content-Type-Options";

    /// <summary>Browsers must not guess another type than the one sent (a feed or JSON rendered as HTML).</summary>
    public const string NoSniff = "nosniff";

    public static void ApplyTo(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[ContentTypeOptions] = NoSniff;
    }
}
