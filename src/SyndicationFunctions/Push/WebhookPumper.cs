using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Changes;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.Push;

/// <summary>
/// Sends one endpoint the changes after its cursor, in sequence order, one at a time: the next is not sent before the
/// previous was acknowledged (2xx). Requests follow Standard Webhooks (<c>webhook-id</c> = the sequence,
/// <c>webhook-timestamp</c>, <c>webhook-signature: v1,</c> HMAC-SHA256 keyed by the <c>whsec_</c> secret). A lease on the
/// endpoint's row keeps two pumps from sending at once; a failure pauses the endpoint with growing delays, and one
/// failing for <see cref="PushLimits.WebhookDisableAfter"/> is disabled.
/// </summary>
public sealed partial class WebhookPumper(
    WebhookEndpoints endpoints,
    IArticleStore store,
    CallbackHttp http,
    PushQueues queues,
    TimeProvider time,
    ILogger<WebhookPumper> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task PumpAsync(WebhookPump pump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pump);
        var endpoint = await AcquireAsync(pump.EndpointId, cancellationToken).ConfigureAwait(false);
        try
        {
            await PumpLeasedAsync(pump, endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (endpoint is not null && ex is not OperationCanceledException)
        {
            // Failing while holding the lease (storage busy or down): let go of it and mark the row, so the queue's
            // retry of this message, or the next change's pump, takes over at once instead of after the lease lapses.
            await ReleaseAfterFailureAsync(pump.EndpointId, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task PumpLeasedAsync(WebhookPump pump, WebhookEndpoint? endpoint, CancellationToken cancellationToken)
    {
        while (endpoint is not null)
        {
            var (after, outcome) = await SendPendingAsync(endpoint, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case PumpOutcome.Failed:
                    return;
                case PumpOutcome.LimitReached:
                    await endpoints.TryUpdateAsync(after with { LeaseUntil = null, Dirty = false }, cancellationToken).ConfigureAwait(false);
                    await queues.SendAsync(PushNames.WebhookPumpQueue, pump, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                    return;
            }

            if (!after.Dirty && await endpoints.TryUpdateAsync(after with { LeaseUntil = null }, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            // A change arrived while this pump held the lease (it marked the row): take it again and look for it.
            endpoint = await AcquireAsync(pump.EndpointId, cancellationToken, ours: true).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAfterFailureAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var current = await endpoints.FindAsync(id, cancellationToken).ConfigureAwait(false);
                if (current is null || await endpoints.TryUpdateAsync(current with { LeaseUntil = null, Dirty = true }, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage is down: the lease lapses on its own.
            LogLeaseKept(logger, ex, id);
        }
    }

    /// <summary>
    /// The endpoint with this pump's lease on it, or null when there is nothing to do here: gone, disabled, paused
    /// after a failure (its retry message resumes it), or leased by another pump, which is then told to look again.
    /// </summary>
    private async Task<WebhookEndpoint?> AcquireAsync(string id, CancellationToken cancellationToken, bool ours = false)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var endpoint = await endpoints.FindAsync(id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (endpoint is null || endpoint.Disabled || endpoint.RetryAt > now.AddSeconds(1))
            {
                return null;
            }

            if (!ours && endpoint.LeaseUntil > now)
            {
                if (endpoint.Dirty || await endpoints.TryUpdateAsync(endpoint with { Dirty = true }, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return null;
                }

                continue;
            }

            if (await endpoints.TryUpdateAsync(endpoint with { LeaseUntil = now + Lease, Dirty = false, RetryAt = null }, cancellationToken).ConfigureAwait(false) is { } leased)
            {
                return leased;
            }
        }

        // Constant contention on one row: leave the message to the queue's retry.
        throw new InvalidOperationException($"Webhook endpoint {id} kept changing; trying again later.");
    }

    private async Task<(WebhookEndpoint Endpoint, PumpOutcome Outcome)> SendPendingAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < PushLimits.WebhookChangesPerInvocation)
        {
            var page = await store.ReadChangesAsync(endpoint.Cursor, 20, cancellationToken).ConfigureAwait(false);
            if (page.Changes.Count == 0)
            {
                return (endpoint, PumpOutcome.Drained);
            }

            foreach (var change in page.Changes)
            {
                if (endpoint.Wants(change))
                {
                    if (await SendAsync(endpoint, change, cancellationToken).ConfigureAwait(false) is { } failure)
                    {
                        await PauseAsync(endpoint, failure, cancellationToken).ConfigureAwait(false);
                        return (endpoint, PumpOutcome.Failed);
                    }

                    sent++;
                }

                // Dirty is kept: a mark made meanwhile must survive until the holder lets go.
                var moved = endpoint with { Cursor = change.Sequence, FailingSince = null, LastError = null, Attempt = 0 };
                endpoint = await endpoints.TryUpdateAsync(moved, cancellationToken).ConfigureAwait(false)
                    ?? await RereadAsync(moved, cancellationToken).ConfigureAwait(false);
            }
        }

        return (endpoint, PumpOutcome.LimitReached);
    }

    /// <summary>The row changed under the lease (a pump marked it dirty): keep the mark, write the progress.</summary>
    private async Task<WebhookEndpoint> RereadAsync(WebhookEndpoint progress, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await endpoints.FindAsync(progress.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Webhook endpoint {progress.Id} was removed while sending.");
            var merged = progress with { ETag = current.ETag, Dirty = current.Dirty || progress.Dirty, Disabled = current.Disabled };
            if (await endpoints.TryUpdateAsync(merged, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return written;
            }
        }

        throw new InvalidOperationException($"Webhook endpoint {progress.Id} kept changing while sending.");
    }

    private enum PumpOutcome
    {
        Drained,
        LimitReached,
        Failed,
    }

    /// <summary>The Standard Webhooks body: the change as <c>/api/changes</c> has it, and the cursor to resume after it.</summary>
    public static byte[] Payload(ArticleChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "article." + change.Kind,
            timestamp = change.At,
            data = new { sequence = change.Sequence, kind = change.Kind, id = change.Id, at = change.At, article = change.Article },
            next = ChangeCursor.Encode(change.Sequence),
        }, ArticleJson.Options);
    }

    /// <summary><c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> keyed by the secret's bytes.</summary>
    public static string Signature(string secret, string id, long timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private async Task<string?> SendAsync(WebhookEndpoint endpoint, ArticleChange change, CancellationToken cancellationToken)
    {
        var body = Payload(change);
        var id = change.Sequence.ToString(CultureInfo.InvariantCulture);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var post = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        post.Headers.TryAddWithoutValidation("webhook-id", id);
        post.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        post.Headers.TryAddWithoutValidation("webhook-signature", Signature(endpoint.Secret, id, timestamp, body));
        try
        {
            var answer = await http.SendAsync(post, cancellationToken).ConfigureAwait(false);
            SyndicationMetrics.CountDelivery("webhook", answer.IsSuccess, change.Kind);
            return answer.IsSuccess ? null : $"HTTP {(int)answer.Status}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
        {
            SyndicationMetrics.CountDelivery("webhook", succeeded: false, change.Kind);
            return ex.InnerException?.Message ?? ex.Message;
        }
    }

    private async Task PauseAsync(WebhookEndpoint endpoint, string failure, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failingSince = endpoint.FailingSince ?? now;
        var disable = now - failingSince >= PushLimits.WebhookDisableAfter;
        var attempt = endpoint.Attempt + 1;
        var pause = PushLimits.RetryDelay(attempt);
        for (var tries = 0; tries < 5; tries++)
        {
            var current = tries == 0 ? endpoint : await endpoints.FindAsync(endpoint.Id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return;
            }

            var paused = current with
            {
                LeaseUntil = null,
                Dirty = false,
                LastError = failure,
                FailingSince = failingSince,
                Attempt = attempt,
                Disabled = disable,
                RetryAt = disable ? null : now + pause,
            };
            if (await endpoints.TryUpdateAsync(paused, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        if (disable)
        {
            LogDisabled(logger, endpoint.Id, endpoint.Url, failure);
            return;
        }

        await queues.SendAsync(PushNames.WebhookPumpQueue, new WebhookPump(endpoint.Id), pause, cancellationToken).ConfigureAwait(false);
        LogPaused(logger, endpoint.Id, failure, pause);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease on webhook endpoint {EndpointId}; it lapses on its own")]
    private static partial void LogLeaseKept(ILogger logger, Exception exception, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} failed ({Failure}); retrying in {Pause}")]
    private static partial void LogPaused(ILogger logger, string endpointId, string failure, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook endpoint {EndpointId} ({Url}) disabled after failing for three days: {Failure}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string url, string failure);
}
