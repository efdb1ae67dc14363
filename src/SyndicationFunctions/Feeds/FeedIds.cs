using System.Security.Cryptography;
using System.Text;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// Permanent ids for entries and feeds: the Atom <c>id</c>, the RSS <c>guid</c> and the JSON Feed item <c>id</c>
/// are the same string. They are name-based UUIDs (RFC 9562 version 8, SHA-256) of the article id, as
/// <c>urn:uuid:</c> URIs: they depend on nothing but the article id, so they survive a change of host name,
/// a move between deployments or a new canonical URL, and they are valid wherever a feed format wants a URI,
/// whatever characters a publisher put in the article id. A <c>tag:</c> URI would need an authority name
/// the product owns, which a self-hosted deployment cannot promise.
/// </summary>
public static class FeedIds
{
    // A fixed namespace for this product's names, so its ids never collide with other name-based UUIDs.
    private static readonly Guid ProductNamespace = new("c6effdee-7165-47db-9597-31903bdf5cab");

    /// <summary>The entry id of an article, in every feed format and every feed that lists it.</summary>
    public static string ForArticle(string articleId) => ForName("article:" + articleId);

    /// <summary>The feed id of the all-sections feed (null section) or of one section's feed.</summary>
    public static string ForFeed(string? sectionSlug)
        => ForName(sectionSlug is null ? "feed:all" : "feed:section:" + sectionSlug);

    /// <summary>The feed id of any feed: a section's and the every-article feed's as above, <c>feed:tag:</c> and <c>feed:author:</c> otherwise.</summary>
    public static string ForFeed(Storage.FeedScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            Storage.FeedScopeKind.Tag => ForName("feed:tag:" + scope.Slug),
            Storage.FeedScopeKind.Author => ForName("feed:author:" + scope.Slug),
            _ => ForFeed(scope.Section),
        };
    }

    private static string ForName(string name)
    {
        Span<byte> input = stackalloc byte[16];
        ProductNamespace.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var hashed = new byte[16 + nameBytes.Length];
        input.CopyTo(hashed);
        nameBytes.CopyTo(hashed, 16);

        Span<byte> uuid = stackalloc byte[16];
        SHA256.HashData(hashed).AsSpan(0, 16).CopyTo(uuid);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 9562 variant
        return "urn:uuid:" + new Guid(uuid, bigEndian: true).ToString("D");
    }
}
