using Microsoft.AspNetCore.Mvc;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Telemetry;

/// <summary>Counts a served feed: the request, a 304, the bytes of the body as sent.</summary>
public static class FeedMetrics
{
    public static void Count(IActionResult served, string format)
    {
        ArgumentNullException.ThrowIfNull(served);
        var tag = SyndicationMetrics.Tag("format", format);
        SyndicationMetrics.FeedRequests.Add(1, tag);
        if (served is BytesResult { StatusCode: 304 })
        {
            SyndicationMetrics.FeedNotModified.Add(1, tag);
        }
        else if (served is BytesResult { Length: > 0 } bytes)
        {
            SyndicationMetrics.FeedBytes.Add(bytes.Length, tag);
        }
    }
}
