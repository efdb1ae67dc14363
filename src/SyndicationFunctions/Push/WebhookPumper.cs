using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Changes;
using SyndicationFunctions.Storage;

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
        var endpoint = await endpoints.FindAsync(pump.EndpointId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (endpoint is null || endpoint.Disabled)
        {
            return;
        }

        if (endpoint.RetryAt > now.AddSeconds(1))
        {
            // Paused after a failure: the retry message already queued resumes it.
            return;
        }

        if (endpoint.LeaseUntil > now)
        {
            // Another pump is sending: look again shortly, so a change it has not seen is not left behind.
            await queues.SendAsync(PushNames.WebhookPumpQueue, pump, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return;
        }

        var leased = await endpoints.TryUpdateAsync(endpoint with { LeaseUntil = now + Lease, RetryAt = null }, cancellationToken).ConfigureAwait(false);
        if (leased is null)
        {
            await queues.SendAsync(PushNames.WebhookPumpQueue, pump, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return;
        }

        endpoint = leased;
        var sent = 0;
        while (sent < PushLimits.WebhookChangesPerInvocation)
        {
            var page = await store.ReadChangesAsync(endpoint.Cursor, 20, cancellationToken).ConfigureAwait(false);
            if (page.Changes.Count == 0)
            {
                break;
            }

            foreach (var change in page.Changes)
            {
                if (endpoint.Wants(change))
                {
                    var failure = await SendAsync(endpoint, change, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        await PauseAsync(endpoint, failure, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    sent++;
                }

                endpoint = await endpoints.TryUpdateAsync(endpoint with { Cursor = change.Sequence, FailingSince = null, LastError = null, Attempt = 0 }, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Webhook endpoint {pump.EndpointId} changed while leased.");
            }
        }

        await endpoints.TryUpdateAsync(endpoint with { LeaseUntil = null }, cancellationToken).ConfigureAwait(false);
        if (sent >= PushLimits.WebhookChangesPerInvocation)
        {
            await queues.SendAsync(PushNames.WebhookPumpQueue, pump, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
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
            return answer.IsSuccess ? null : $"HTTP {(int)answer.Status}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
        {
            return ex.InnerException?.Message ?? ex.Message;
        }
    }

    private async Task PauseAsync(WebhookEndpoint endpoint, string failure, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failingSince = endpoint.FailingSince ?? now;
        if (now - failingSince >= PushLimits.WebhookDisableAfter)
        {
            await endpoints.TryUpdateAsync(endpoint with { Disabled = true, LeaseUntil = null, LastError = failure, FailingSince = failingSince }, cancellationToken).ConfigureAwait(false);
            LogDisabled(logger, endpoint.Id, endpoint.Url, failure);
            return;
        }

        var attempt = endpoint.Attempt + 1;
        var pause = PushLimits.RetryDelay(attempt);
        await endpoints.TryUpdateAsync(endpoint with { LeaseUntil = null, LastError = failure, FailingSince = failingSince, Attempt = attempt, RetryAt = now + pause }, cancellationToken).ConfigureAwait(false);
        await queues.SendAsync(PushNames.WebhookPumpQueue, new WebhookPump(endpoint.Id), pause, cancellationToken).ConfigureAwait(false);
        LogPaused(logger, endpoint.Id, failure, pause);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} failed ({Failure}); retrying in {Pause}")]
    private static partial void LogPaused(ILogger logger, string endpointId, string failure, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook endpoint {EndpointId} ({Url}) disabled after failing for three days: {Failure}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string url, string failure);
}
