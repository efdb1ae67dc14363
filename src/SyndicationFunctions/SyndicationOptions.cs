using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions;

/// <summary>
/// The app's own settings: section <c>Syndication</c> (<c>Syndication__MaxBodyBytes</c> as an app
/// setting). The Bicep sets every one of them, and a test holds the two lists together.
/// </summary>
public sealed class SyndicationOptions
{
    public const string SectionName = "Syndication";

    /// <summary>The most items one feed or listing page may hold, whatever <c>?limit=</c> asks.</summary>
    public const int MaxFeedLimit = 100;

    /// <summary>The largest request body or inbox file accepted; larger ones are a 413 (or a rejected blob).</summary>
    [Range(1024, 25 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Seconds feeds and the summary may be cached by readers and proxies.</summary>
    [Range(0, 86_400)]
    public int FeedCacheSeconds { get; set; } = 300;

    /// <summary>Seconds an article (JSON or page) may be cached: how long a correction or a withdrawal can stay unseen.</summary>
    [Range(0, 3600)]
    public int ArticleCacheSeconds { get; set; } = 60;

    /// <summary>The longest a 404 or 410 for an article may be cached, whatever <see cref="ArticleCacheSeconds"/> says.</summary>
    public static readonly TimeSpan MissingMaxAgeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Items a feed page holds when the reader does not say (<c>?limit=</c>).</summary>
    [Range(1, MaxFeedLimit)]
    public int DefaultFeedLimit { get; set; } = 20;

    /// <summary>
    /// The public base URL of every link the app writes. When empty, the request's own scheme and host, but
    /// only for a loopback host or one of <see cref="AllowedHosts"/>: a cacheable feed must never carry links
    /// to whatever host a client typed.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>The publisher's own site: every feed's home link leads there. When empty, this app's front page.</summary>
    [RegularExpression(@"^(https?://[^\s]+)?$")]
    public string? SiteUrl { get; set; }

    /// <summary>Host names (comma-separated, no ports) trusted to shape links when <see cref="PublicBaseUrl"/> is empty.</summary>
    [RegularExpression(@"^[A-Za-z0-9.\-]*(,\s*[A-Za-z0-9.\-]+)*$")]
    public string? AllowedHosts { get; set; }

    /// <summary>The feeds' title; a section's feed adds the section name.</summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string FeedTitle { get; set; } = "SyndicationFunctions";

    /// <summary>The feeds' language (a BCP 47 tag: RSS <c>language</c>, Atom <c>xml:lang</c>, JSON Feed <c>language</c>).</summary>
    [Required]
    [RegularExpression("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    public string FeedLanguage { get; set; } = "en";

    /// <summary>Days the change feed keeps each change; a cursor older than that is answered 410.</summary>
    [Range(30, 3650)]
    public int ChangeRetentionDays { get; set; } = 30;

    /// <summary>Days a scheduled backup is kept in the backups container before the next backup deletes it.</summary>
    [Range(1, 3650)]
    public int BackupRetentionDays { get; set; } = 30;

    /// <summary>Section display names pinned by the operator, one setting per slug (<c>Syndication__Sections__world</c>).</summary>
    public Dictionary<string, string> Sections { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// More pinned names in one setting, <c>slug=Name;slug=Name</c>: what the Bicep sets, since an app-settings
    /// block cannot grow one setting per slug. <see cref="Sections"/> wins for a slug named in both.
    /// </summary>
    [RegularExpression(@"^\s*([a-z0-9-]+\s*=[^;=]+(;\s*[a-z0-9-]+\s*=[^;=]+)*;?)?\s*$")]
    public string? SectionNames { get; set; }

    /// <summary>The pinned name of <paramref name="slug"/>, from either setting.</summary>
    public string? PinnedSectionName(string slug)
    {
        if (Sections.TryGetValue(slug, out var name) && !string.IsNullOrWhiteSpace(name))
        {
            return name.Trim();
        }

        foreach (var pair in (SectionNames ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0 && string.Equals(pair[..at].Trim(), slug, StringComparison.OrdinalIgnoreCase) && pair[(at + 1)..].Trim() is { Length: > 0 } pinned)
            {
                return pinned;
            }
        }

        return null;
    }

    public TimeSpan CacheMaxAge => TimeSpan.FromSeconds(FeedCacheSeconds);

    public TimeSpan ArticleMaxAge => TimeSpan.FromSeconds(ArticleCacheSeconds);

    /// <summary>How long a 404 or 410 for an article may be cached: briefly, so an article published under that id shows soon.</summary>
    public TimeSpan MissingMaxAge => ArticleMaxAge < MissingMaxAgeLimit ? ArticleMaxAge : MissingMaxAgeLimit;
}

public static class SyndicationOptionsServices
{
    /// <summary>Binds <see cref="SyndicationOptions"/> and checks it at start, not on first use.</summary>
    public static IServiceCollection AddSyndicationOptions(this IServiceCollection services)
    {
        services.AddOptions<SyndicationOptions>()
            .BindConfiguration(SyndicationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
