using System.Diagnostics.CodeAnalysis;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// A WebSub topic: one feed (every article, a section, a tag or an author, in one format) at its canonical URL, the URL the feed's own
/// <c>rel="self"</c> gives without paging. Subscriptions are stored under <see cref="Key"/>, which does not depend on
/// the host, so one change reaches subscribers of every trusted host's URL of that feed.
/// </summary>
public sealed record FeedTopic(FeedScope Scope, string Format, Uri BaseUri)
{
    /// <summary>A section's feed, or (null) every article's.</summary>
    public FeedTopic(string? section, string format, Uri baseUri)
        : this(FeedScope.OfSectionOrEvery(section), format, baseUri)
    {
    }

    /// <summary>The WebSub hub's route (anonymous POST).</summary>
    public static string HubPath => $"/{Routes.Hub}";

    public string Key => KeyOf(Scope, Format);

    public Uri Url => new PublicLinks(BaseUri).Feed(Scope, Format, null, null);

    public Uri Hub => new(BaseUri, HubPath);

    public static string KeyOf(string? section, string format) => KeyOf(FeedScope.OfSectionOrEvery(section), format);

    /// <summary><c>*.rss</c>, <c>world.atom</c>, <c>tag:economy.json</c>, <c>author:jane-doe.atom</c>.</summary>
    public static string KeyOf(FeedScope scope, string format)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(format);
        return $"{scope.Key}.{format.ToLowerInvariant()}";
    }

    /// <summary>
    /// The keys of every format of <paramref name="scope"/>: from <c>{scope}.</c> up to, not including, <c>{scope}/</c>
    /// (<c>/</c> follows <c>.</c>; a scope key holds no dot), so one range query covers the feed in all its formats.
    /// </summary>
    public static (string From, string To) KeyRangeOf(FeedScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return ($"{scope.Key}.", $"{scope.Key}/");
    }

    /// <summary>The feed and format of a key.</summary>
    public static (FeedScope Scope, string Format) ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dot = key.LastIndexOf('.');
        return (FeedScope.ParseKey(key[..dot]), key[(dot + 1)..]);
    }

    /// <summary>
    /// The topic a URL names, when it is one of this service's feeds on a host it writes links for (the public base
    /// URL, else a trusted host); <paramref name="why"/> says what is wrong otherwise.
    /// </summary>
    public static bool TryParse(string? value, SyndicationOptions options, FeedFormats formats, [NotNullWhen(true)] out FeedTopic? topic, [NotNullWhen(false)] out string? why)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(formats);
        topic = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            why = "hub.topic must be the absolute http(s) URL of one of this service's feeds.";
            return false;
        }

        var baseUri = new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
        var trusted = options.PublicBaseUrl is { Length: > 0 } configured
            ? Uri.Compare(new Uri(configured), baseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            : PublicBaseUri.IsTrusted(url.Host, options.AllowedHosts);
        if (!trusted)
        {
            why = $"hub.topic names the host '{url.Authority}', for which this hub publishes nothing.";
            return false;
        }

        var segments = url.AbsolutePath.Trim('/').Split('/');
        var prefixed = segments.Length is 3 or 4 or 5 && segments[0] == Routes.Api && segments[1] == "feeds"
            && (segments.Length != 5 || segments[2] is Routes.TagsSegment or Routes.AuthorsSegment);
        if (!prefixed || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            why = $"hub.topic must be a feed URL such as {new Uri(baseUri, $"/{Routes.Api}/feeds/atom")} or {new Uri(baseUri, $"/{Routes.Api}/feeds/world/rss")}, without a query.";
            return false;
        }

        var format = segments[^1];
        if (!formats.TryGet(format, out var writer))
        {
            why = $"There is no feed format '{format}': use {string.Join(", ", formats.Names)}.";
            return false;
        }

        var slug = segments.Length > 3 ? Uri.UnescapeDataString(segments[^2]) : null;
        var scope = segments.Length switch
        {
            5 => new FeedScope(segments[2] == Routes.TagsSegment ? FeedScopeKind.Tag : FeedScopeKind.Author, slug),
            4 => FeedScope.OfSection(slug!),
            _ => FeedScope.Every,
        };
        var valid = scope.Kind switch
        {
            FeedScopeKind.Every => true,
            FeedScopeKind.Section => Slug.IsSlug(slug!),
            _ => FeedSlug.IsSlug(slug!),
        };
        if (!valid)
        {
            why = $"There is no {scope.Kind.ToString().ToLowerInvariant()} '{slug}'.";
            return false;
        }

        topic = new FeedTopic(scope, writer.Format, baseUri);
        why = null;
        return true;
    }
}
