using Microsoft.AspNetCore.Http;

namespace SyndicationFunctions.Http;

/// <summary>The base of every absolute URL the app writes: configured, else the request's own scheme and host.</summary>
public static class PublicBaseUri
{
    public static Uri Of(HttpRequest request, string? configured)
    {
        ArgumentNullException.ThrowIfNull(request);
        return configured is { Length: > 0 }
            ? new Uri(configured.TrimEnd('/') + "/")
            : new Uri($"{request.Scheme}://{request.Host.Value}/");
    }
}
