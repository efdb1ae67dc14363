using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Blobs;

/// <summary>What became of one blob handed to a function.</summary>
public enum BlobInvocationOutcome
{
    Succeeded,
    Failed,

    /// <summary>The same function is already working on that blob (the scanner and the webhook can both see it).</summary>
    AlreadyRunning,

    /// <summary>The blob's name does not fit the trigger's path pattern.</summary>
    NotMatched,
}

/// <summary>Calls a blob-triggered function for one blob, never twice at once for the same function and blob.</summary>
public sealed partial class BlobFunctionInvoker(IServiceScopeFactory scopes, ILogger<BlobFunctionInvoker> logger)
{
    private readonly ConcurrentDictionary<(string Function, string Container, string Blob), byte> _running = new();

    public async Task<BlobInvocationOutcome> InvokeAsync(BlobFunction function, BlobContainerClient container, string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(container);
        if (function.Path.Match(blobName) is not { } tokens)
        {
            return BlobInvocationOutcome.NotMatched;
        }

        var key = (function.Name, container.Name, blobName);
        if (!_running.TryAdd(key, 0))
        {
            return BlobInvocationOutcome.AlreadyRunning;
        }

        try
        {
            var input = new BlobTriggerInput(container.GetBlobClient(blobName), tokens);
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var arguments = await function.BindArgumentsAsync(input, cancellationToken).ConfigureAwait(false);
                try
                {
                    await function.Function.InvokeAsync(scope.ServiceProvider, arguments).ConfigureAwait(false);
                }
                finally
                {
                    // A bound Stream is the host's to close, as the worker does after the call.
                    foreach (var stream in arguments.OfType<Stream>())
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            LogInvoked(function.Name, input.BlobPath);
            return BlobInvocationOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The blob stays where it is, so the next scan (or event) tries it again.
            LogFailed(exception, function.Name, container.Name, blobName);
            return BlobInvocationOutcome.Failed;
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} ran for blob {BlobPath}")]
    private partial void LogInvoked(string functionName, string blobPath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed for blob {Container}/{BlobName}; it will be tried again")]
    private partial void LogFailed(Exception exception, string functionName, string container, string blobName);
}
