using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Queues;

/// <summary>
/// The queue trigger as the Functions host runs it: polls the queue (at once again after a message, backing off to
/// host.json's <c>maxPollingInterval</c> while it is empty), takes up to <c>batchSize</c> messages hidden while they run,
/// deletes each on success, makes a failed one visible again after <c>visibilityTimeout</c>, and moves a message that
/// has failed <c>maxDequeueCount</c> times to <c>{queue}-poison</c>.
/// </summary>
public sealed partial class QueueListener(
    QueueFunction function,
    QueueClient queue,
    QueueClient poisonQueue,
    IServiceScopeFactory scopes,
    IOptions<LocalFunctionsHostOptions> options,
    TimeProvider timeProvider,
    ILogger<QueueListener> logger) : BackgroundService
{
    /// <summary>How long a message stays hidden while the function runs (the host renews it; functions here finish sooner).</summary>
    private static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private bool _queueExists;

    public QueueFunction Function => function;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Queues;
        LogListening(function.Name, function.QueueName, settings.MaxPollingInterval);
        var delay = MinPollingInterval;
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // As the host does: a new batch is fetched once the running messages drop to newBatchThreshold (half a batch).
                running.RemoveAll(task => task.IsCompleted);
                if (running.Count > settings.BatchSize / 2)
                {
                    await Task.WhenAny(running).ConfigureAwait(false);
                    continue;
                }

                var messages = await ReceiveAsync(settings, stoppingToken).ConfigureAwait(false);
                running.AddRange(messages.Select(message => HandleAsync(message, settings, stoppingToken)));
                delay = messages.Length > 0 ? TimeSpan.Zero : delay == TimeSpan.Zero ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Takes one batch and runs the function on each message; returns how many messages it took. Never throws for storage failures.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Queues;
        var messages = await ReceiveAsync(settings, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(messages.Select(message => HandleAsync(message, settings, cancellationToken))).ConfigureAwait(false);
        return messages.Length;
    }

    private async Task<QueueMessage[]> ReceiveAsync(QueueSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            if (!_queueExists)
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _queueExists = true;
            }

            return (await queue.ReceiveMessagesAsync(settings.BatchSize, ProcessingVisibility, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            LogPollFailed(ex, function.Name, function.QueueName);
            return [];
        }
    }

    private async Task HandleAsync(QueueMessage message, QueueSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            // Dequeued more often than allowed (a worker died mid-run): poison without another try, as the host does.
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var succeeded = await InvokeAsync(message, settings, cancellationToken).ConfigureAwait(false);
            if (succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            // The message reappears when its processing visibility ends.
            LogCompleteFailed(ex, function.Name, message.MessageId);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, QueueSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var body = settings.Base64 ? Decode(message.Body) : message.Body;
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var arguments = function.BindArguments(new QueueTriggerInput(message, body), cancellationToken);
                await function.Function.InvokeAsync(scope.ServiceProvider, arguments).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, function.Name, message.MessageId, message.DequeueCount);
            return false;
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        LogPoisoned(function.Name, message.MessageId, message.DequeueCount, poisonQueue.Name);
    }

    private static BinaryData Decode(BinaryData raw)
    {
        // The host fails a message that is not base64 when base64 is expected; here it is a failed invocation too.
        var text = Encoding.ASCII.GetString(raw.ToMemory().Span);
        return BinaryData.FromBytes(Convert.FromBase64String(text));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{FunctionName}: queue trigger on {QueueName} (idle polling up to {MaxPollingInterval})")]
    private partial void LogListening(string functionName, string queueName, TimeSpan maxPollingInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {QueueName} for function {FunctionName} failed; trying again")]
    private partial void LogPollFailed(Exception exception, string functionName, string queueName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed for message {MessageId} (dequeue count {DequeueCount})")]
    private partial void LogFailed(Exception exception, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not complete message {MessageId} of function {FunctionName}; it reappears later")]
    private partial void LogCompleteFailed(Exception exception, string functionName, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: message {MessageId} moved to {PoisonQueue} after {DequeueCount} dequeues")]
    private partial void LogPoisoned(string functionName, string messageId, long dequeueCount, string poisonQueue);
}
