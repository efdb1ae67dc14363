using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>The key check the Functions host makes before a function- or admin-level function runs.</summary>
public static class FunctionKeys
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>The key a request presents: the header when given, else <c>?code=</c>.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrEmpty(header))
        {
            return header;
        }

        var query = request.Query[QueryName].ToString();
        return string.IsNullOrEmpty(query) ? null : query;
    }

    public static bool IsAuthorized(HttpRequest request, string? expectedKey)
    {
        var presented = Presented(request);
        if (string.IsNullOrEmpty(expectedKey) || presented is null)
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison time says nothing about the key, not even its length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expectedKey)));
    }
}
