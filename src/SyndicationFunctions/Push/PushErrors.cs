using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// <see cref="ApiErrors"/> for the push routes, whose tables are reached directly: a storage failure there is a
/// 503 with Retry-After too, never the host's empty 500.
/// </summary>
public static class PushErrors
{
    public static Task<IActionResult> HandleAsync(ILogger logger, Func<Task<IActionResult>> action)
        => ApiErrors.HandleAsync(logger, async () =>
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsOutage(ex) || ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsOutage))
            {
                // The SDK's retries end in an AggregateException of the attempts' failures: still storage not answering.
                throw new StorageUnavailableException("Storage did not answer the push request.", ex);
            }
        });

    private static bool IsOutage(Exception ex)
        => ex is RequestFailedException or HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false };
}
