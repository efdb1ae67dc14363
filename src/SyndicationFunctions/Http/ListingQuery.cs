using System.Globalization;
using Microsoft.AspNetCore.Http;
using SyndicationFunctions.Articles;

namespace SyndicationFunctions.Http;

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters of listings and feeds.</summary>
public static class ListingQuery
{
    /// <summary>The limit asked for (capped at <paramref name="max"/>), or null when none was given.</summary>
    public static int? Limit(HttpRequest request, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query["limit"];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return null;
        }

        if (raw.Count > 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw ArticleValidationException.ForQuery("limit", $"limit must be a whole number from 1 to {max}.");
        }

        return Math.Min(limit, max);
    }

    public static string? Cursor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query["cursor"];
        return raw.Count == 0 || string.IsNullOrEmpty(raw[0]) ? null : raw[0];
    }
}
