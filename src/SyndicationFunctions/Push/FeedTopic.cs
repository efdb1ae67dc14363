using System.Diagnostics.CodeAnalysis;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Push;

/// <summary>
/// A WebSub topic: one feed (a section or all of them, in one format) at its canonical URL, the URL the feed's own
/// <c>rel="self"</c> gives without paging. Subscriptions are stored under <see cref="Key"/>, which does not depend on
/// the host, so one change reaches subscribers of every trusted host's URL of that feed.
/// </summary>
/// <param name="Section">The section slug, or null for every section.</param>
public sealed record FeedTopic(string? Section, string Format, Uri BaseUri)
{
    public const string AllSections = "*";

    /// <summary>The WebSub hub's route (anonymous POST).</summary>
    public static string HubPath => $"/{Routes.Hub}";

    public string Key => KeyOf(Section, Format);

    public Uri Url => new PublicLinks(BaseUri).Feed(Section, Format, null, null);

    public Uri Hub => new(BaseUri, HubPath);

    public static string KeyOf(string? section, string format) => $"{section ?? AllSections}.{format.ToLowerInvariant()}";

    /// <summary>The section and format of a key (<c>world.atom</c>, <c>*.rss</c>).</summary>
    public static (string? Section, string Format) ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dot = key.LastIndexOf('.');
        var section = key[..dot];
        return (section == AllSections ? null : section, key[(dot + 1)..]);
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
        var prefixed = segments.Length is 3 or 4 && segments[0] == Routes.Api && segments[1] == "feeds";
        if (!prefixed || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            why = $"hub.topic must be a feed URL such as {new Uri(baseUri, $"/{Routes.Api}/feeds/atom")} or {new Uri(baseUri, $"/{Routes.Api}/feeds/world/rss")}, without a query.";
            return false;
        }

        var format = segments[^1];
        var section = segments.Length == 4 ? Uri.UnescapeDataString(segments[2]) : null;
        if (!formats.TryGet(format, out var writer))
        {
            why = $"There is no feed format '{format}': use {string.Join(", ", formats.Names)}.";
            return false;
        }

        if (section is not null && !Slug.IsSlug(section))
        {
            why = $"There is no section '{section}'.";
            return false;
        }

        topic = new FeedTopic(section, writer.Format, baseUri);
        why = null;
        return true;
    }
}
