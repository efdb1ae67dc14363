using System.ComponentModel.DataAnnotations;

namespace SyndicationFunctions.Feeds;

/// <summary>Feed paging and caching, bound from the <c>Feeds</c> configuration section.</summary>
public sealed class FeedOptions
{
    public const string SectionName = "Feeds";

    /// <summary>Entries per page when the request gives no <c>limit</c>.</summary>
    [Range(1, 100)]
    public int DefaultLimit { get; set; } = 20;

    /// <summary>The most entries one page may ask for.</summary>
    [Range(1, 100)]
    public int MaxLimit { get; set; } = 100;

    /// <summary><c>Cache-Control: public, max-age</c> on feeds and the summary, in seconds.</summary>
    [Range(0, 86_400)]
    public int CacheMaxAgeSeconds { get; set; } = 60;

    public TimeSpan CacheMaxAge => TimeSpan.FromSeconds(CacheMaxAgeSeconds);
}
