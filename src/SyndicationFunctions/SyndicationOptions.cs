using System.ComponentModel.DataAnnotations;

namespace SyndicationFunctions;

/// <summary>The app's own settings (section <c>Syndication</c>; <c>Syndication__MaxBodyBytes</c> in app settings).</summary>
public sealed class SyndicationOptions
{
    public const string SectionName = "Syndication";

    /// <summary>The largest request body or inbox file accepted; larger ones are a 413 (or a rejected blob).</summary>
    [Range(1024, 25 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Seconds feeds and the summary may be cached by readers and proxies.</summary>
    [Range(0, 86_400)]
    public int FeedCacheSeconds { get; set; } = 300;

    /// <summary>Items a feed page holds when the reader does not say (<c>?limit=</c>, at most 100).</summary>
    [Range(1, MaxFeedLimit)]
    public int DefaultFeedLimit { get; set; } = 20;

    public const int MaxFeedLimit = 100;

    /// <summary>The public base URL for links in feeds; when empty, the request's own scheme and host.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string FeedTitle { get; set; } = "SyndicationFunctions";

    [Required]
    [StringLength(1000, MinimumLength = 1)]
    public string FeedDescription { get; set; } = "The latest articles.";

    /// <summary>The feeds' language (BCP 47), when all articles share one.</summary>
    public string? FeedLanguage { get; set; }
}
