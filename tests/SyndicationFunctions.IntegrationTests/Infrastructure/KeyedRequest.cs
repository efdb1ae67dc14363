using System.Text;

namespace SyndicationFunctions.IntegrationTests.Infrastructure;

/// <summary>A publisher's request: the function key, and optionally a JSON body and If-Match.</summary>
internal static class KeyedRequest
{
    public static HttpRequestMessage Create(HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", AppFixture.FunctionKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }
}
