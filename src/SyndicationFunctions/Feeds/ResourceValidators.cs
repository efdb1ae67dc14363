using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace SyndicationFunctions.Feeds;

/// <summary>
/// The validators of one representation (a feed page, the summary): a strong entity tag and the
/// Last-Modified instant, kept at whole seconds because that is all an HTTP-date can say.
/// </summary>
public sealed record ResourceValidators
{
    public ResourceValidators(EntityTagHeaderValue eTag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(eTag);
        // A weak tag would let a byte-range or cache reuse bytes that differ; every representation here is exact.
        if (eTag.IsWeak || eTag.Tag == EntityTagHeaderValue.Any.Tag)
            throw new ArgumentException("The current representation needs a strong entity tag.", nameof(eTag));
        ETag = eTag;
        LastModified = FeedInstant.Of(lastModified);
    }

    public EntityTagHeaderValue ETag { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary>The validators of another representation of the same resource (a coding, a page view): the tag gains a suffix.</summary>
    public ResourceValidators WithSuffix(string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return suffix.Length == 0 ? this : new ResourceValidators(new EntityTagHeaderValue(ETag.Tag.Value![..^1] + suffix + "\""), LastModified);
    }

    /// <summary>
    /// Validators from any version string that changes whenever the representation's bytes do (for a feed,
    /// say, the section's change stamp with the format, limit and cursor). It is hashed, so storage ETags or
    /// keys with quotes or spaces can be used as they are and nothing internal leaks into the header.
    /// </summary>
    public static ResourceValidators ForVersion(string version, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(version);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(version));
        var tag = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return new ResourceValidators(new EntityTagHeaderValue("\"" + tag + "\""), lastModified);
    }
}
