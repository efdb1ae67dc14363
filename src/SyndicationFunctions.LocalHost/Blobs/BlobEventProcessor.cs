using System.Threading.Channels;
using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.LocalHost.Webhooks;

namespace SyndicationFunctions.LocalHost.Blobs;

/// <summary>One blob event the webhook accepted: which function it names and which blob it is about.</summary>
public sealed record BlobTriggerMessage(string? FunctionId, string ContainerName, string BlobName);

/// <summary>
/// Stands in for the blobs extension's trigger queue: the Event Grid webhook answers 202 once an event is queued, and
/// the function runs afterwards, as on the Functions host. A message whose function id is not exactly
/// <c>Host.Functions.</c> plus a blob function's name, a blob outside the function's path or a blob that is gone is
/// dropped, as the host drops it; a blob that changed since the event is run as it is now, as the host runs it. A failed run leaves the blob where it is, for the inbox scan to try again (the host retries through its queue).
/// </summary>
public sealed partial class BlobEventProcessor(
    FunctionCatalog catalog,
    BlobConnections connections,
    BlobFunctionInvoker invoker,
    IOptions<LocalFunctionsHostOptions> options,
    ILogger<BlobEventProcessor> logger) : BackgroundService
{
    private readonly Channel<BlobTriggerMessage> _messages = Channel.CreateUnbounded<BlobTriggerMessage>();
    private long _handled;

    /// <summary>How many messages have been dealt with (run, dropped or failed), for tests waiting on the queue.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    public void Enqueue(BlobTriggerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _messages.Writer.TryWrite(message);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.InboxParallelism), CancellationToken = stoppingToken };
        try
        {
            await Parallel.ForEachAsync(_messages.Reader.ReadAllAsync(stoppingToken), parallel, async (message, token) =>
            {
                try
                {
                    await HandleAsync(message, token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    LogFailed(exception, message.FunctionId, message.ContainerName, message.BlobName);
                }
                finally
                {
                    Interlocked.Increment(ref _handled);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: messages still queued are lost, as an in-memory queue's are; the inbox scan still sees their blobs.
        }
    }

    private async Task HandleAsync(BlobTriggerMessage message, CancellationToken cancellationToken)
    {
        var function = catalog.BlobFunctions.FirstOrDefault(candidate =>
            string.Equals(BlobEventWebhook.FunctionNamePrefix + candidate.Name, message.FunctionId, StringComparison.Ordinal));
        if (function is null)
        {
            LogNoSuchFunction(message.FunctionId, message.ContainerName, message.BlobName);
            return;
        }

        if (!string.Equals(function.Path.Container, message.ContainerName, StringComparison.Ordinal))
        {
            LogOtherContainer(function.Name, message.ContainerName);
            return;
        }

        var container = connections.GetContainer(function);
        try
        {
            if (!(await container.GetBlobClient(message.BlobName).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
            {
                LogBlobGone(function.Name, message.ContainerName, message.BlobName);
                return;
            }
        }
        catch (RequestFailedException exception)
        {
            LogFailed(exception, message.FunctionId, message.ContainerName, message.BlobName);
            return;
        }

        await invoker.InvokeAsync(function, container, message.BlobName, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob event for {ContainerName}/{BlobName} names function {FunctionId}, which is not a blob function here; dropped as the Functions host drops it")]
    private partial void LogNoSuchFunction(string? functionId, string containerName, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob event for function {FunctionName} names container {Container}, which its trigger does not watch; dropped")]
    private partial void LogOtherContainer(string functionName, string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob event for function {FunctionName}: {Container}/{BlobName} is gone; dropped")]
    private partial void LogBlobGone(string functionName, string container, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob event for {ContainerName}/{BlobName} (function {FunctionId}) failed; the inbox scan will try the blob again")]
    private partial void LogFailed(Exception exception, string? functionId, string containerName, string blobName);
}
