using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Blobs;

/// <summary>
/// Stands in for the Event Grid blob trigger, since Azurite raises no events: lists the trigger's container
/// every couple of seconds and hands each blob to the function. Like the host's blob receipts, a blob version
/// that was processed successfully is not handed over again; one that failed is tried on the next scan.
/// </summary>
public sealed partial class BlobInboxScanner(
    BlobFunction function,
    BlobContainerClient container,
    BlobFunctionInvoker invoker,
    IOptions<LocalFunctionsHostOptions> options,
    TimeProvider timeProvider,
    ILogger<BlobInboxScanner> logger) : BackgroundService
{
    private readonly HashSet<(string Blob, string ETag)> _processed = [];
    private bool _containerExists;

    public BlobFunction Function => function;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.InboxScanInterval;
        if (interval <= TimeSpan.Zero)
        {
            LogScanningOff(function.Name);
            return;
        }

        LogScanning(function.Name, function.Path.Path, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the container; returns how many blobs the function completed. Never throws for storage failures.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_containerExists)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _containerExists = true;
            }

            var listed = new HashSet<(string Blob, string ETag)>();
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, NullIfEmpty(function.Path.LiteralPrefix), cancellationToken).ConfigureAwait(false))
            {
                listed.Add((item.Name, item.Properties?.ETag?.ToString() ?? string.Empty));
            }

            // Forget versions that are gone, so memory follows the inbox and a re-upload is seen again.
            _processed.IntersectWith(listed);
            var due = listed.Where(blob => !_processed.Contains(blob) && function.Path.Match(blob.Blob) is not null).ToList();

            var completed = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.InboxParallelism), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(due, parallel, async (blob, token) =>
            {
                if (await invoker.InvokeAsync(function, container, blob.Blob, token).ConfigureAwait(false) == BlobInvocationOutcome.Succeeded)
                {
                    lock (_processed)
                    {
                        _processed.Add(blob);
                        completed++;
                    }
                }
            }).ConfigureAwait(false);
            return completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Storage down or slow: say so and try again on the next tick.
            LogScanFailed(exception, function.Name, container.Name);
            return 0;
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanning {BlobPath} for function {FunctionName} every {Interval}")]
    private partial void LogScanning(string functionName, string blobPath, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox scanning is off for function {FunctionName}")]
    private partial void LogScanningOff(string functionName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing container {Container} for function {FunctionName} failed; trying again on the next scan")]
    private partial void LogScanFailed(Exception exception, string functionName, string container);
}
