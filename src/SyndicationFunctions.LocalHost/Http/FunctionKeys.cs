using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>
/// How the Functions host reads a key from a request: the <c>x-functions-key</c> header when the request has one,
/// else <c>?code=</c>, the first value either way. A header that is present but empty still wins, so <c>?code=</c>
/// is then not read (the host's <c>AuthenticationLevelHandler</c>).
/// </summary>
public static class FunctionKeys
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>The key a request presents, or null when it presents none (or an empty one).</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = request.Headers.TryGetValue(HeaderName, out var header) ? header.FirstOrDefault()
            : request.Query.TryGetValue(QueryName, out var query) ? query.FirstOrDefault()
            : null;
        return string.IsNullOrEmpty(presented) ? null : presented;
    }

    public static bool IsAuthorized(HttpRequest request, string? expectedKey) => Matches(Presented(request), expectedKey);

    /// <summary>Whether a presented key is the expected one; never true when either is missing.</summary>
    public static bool Matches(string? presented, string? expectedKey)
    {
        if (string.IsNullOrEmpty(expectedKey) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison time says nothing about the key, not even its length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expectedKey)));
    }
}
