using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Http;

/// <summary>
/// Maps what a client (or a storage outage) can cause to problem+json, so no request a client
/// sends ends as the host's empty 500.
/// </summary>
public static partial class ApiErrors
{
    public static async Task<IActionResult> HandleAsync(ILogger logger, Func<Task<IActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ArticleValidationException ex)
        {
            SyndicationMetrics.ArticlesRejected.Add(1, SyndicationMetrics.Tag("reason", "invalid"));
            return ex.Title is { } title ? ProblemResult.BadRequest(title, ex.Message, ex.Errors) : ProblemResult.BadRequest(ex.Message, ex.Errors);
        }
        catch (BodyTooLargeException ex)
        {
            SyndicationMetrics.ArticlesRejected.Add(1, SyndicationMetrics.Tag("reason", "too_large"));
            return ProblemResult.TooLarge(ex.Limit);
        }
        catch (UnsupportedMediaTypeException ex)
        {
            SyndicationMetrics.ArticlesRejected.Add(1, SyndicationMetrics.Tag("reason", "unsupported_type"));
            return ProblemResult.UnsupportedMediaType(ex.ContentType);
        }
        catch (PreconditionFailedException ex)
        {
            SyndicationMetrics.ArticlesRejected.Add(1, SyndicationMetrics.Tag("reason", "stale_version"));
            var problem = new ProblemResult(StatusCodes.Status412PreconditionFailed, "The article has changed.", ex.Message);
            if (ex.CurrentETag is not null)
            {
                problem.Headers["ETag"] = ex.CurrentETag;
            }

            return problem;
        }
        catch (ArticleWithdrawnException ex)
        {
            return ProblemResult.Gone(ex.Message);
        }
        catch (ChangesExpiredException ex)
        {
            return new ProblemResult(StatusCodes.Status410Gone, "The cursor has expired.", ex.Message);
        }
        catch (UntrustedHostException ex)
        {
            return new ProblemResult(StatusCodes.Status421MisdirectedRequest, "Unknown host.", ex.Message);
        }
        catch (StorageUnavailableException ex)
        {
            LogStorageDown(logger, ex);
            return ProblemResult.Unavailable();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering 503: storage unavailable")]
    private static partial void LogStorageDown(ILogger logger, Exception exception);
}
