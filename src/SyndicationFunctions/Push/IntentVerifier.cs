using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Push;

/// <summary>
/// W3C WebSub 5.3: a GET to the callback with the mode, topic, a fresh challenge and the lease; only a 2xx whose body
/// is the challenge activates (or removes) the subscription. Anything else changes nothing, and is not retried:
/// the subscriber asks again.
/// </summary>
public sealed partial class IntentVerifier(
    CallbackHttp http,
    SubscriptionStore subscriptions,
    FeedFormats formats,
    IOptions<SyndicationOptions> syndication,
    ILogger<IntentVerifier> logger)
{
    public async Task<bool> VerifyAsync(IntentVerification request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FeedTopic.TryParse(request.Topic, syndication.Value, formats, out var topic, out _))
        {
            return false;
        }

        var callback = new Uri(request.Callback);
        if (request.Mode == "subscribe")
        {
            var overTopic = await subscriptions.CountActiveAsync(topic.Key, PushLimits.MaxSubscriptionsPerTopic, cancellationToken).ConfigureAwait(false) >= PushLimits.MaxSubscriptionsPerTopic;
            var overHost = await subscriptions.CountActiveForHostAsync(callback.Host, PushLimits.MaxSubscriptionsPerCallbackHost, cancellationToken).ConfigureAwait(false) >= PushLimits.MaxSubscriptionsPerCallbackHost;
            if ((overTopic || overHost) && await subscriptions.FindAsync(topic.Key, SubscriptionStore.CallbackKey(callback.AbsoluteUri), cancellationToken).ConfigureAwait(false) is null)
            {
                await DenyAsync(callback, request.Topic, "The hub serves no more subscriptions for this feed or callback host.", cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        var challenge = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var parameters = new Dictionary<string, string?>
        {
            ["hub.mode"] = request.Mode,
            ["hub.topic"] = request.Topic,
            ["hub.challenge"] = challenge,
        };
        if (request.Mode == "subscribe")
        {
            parameters["hub.lease_seconds"] = request.LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var confirmed = false;
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(callback.AbsoluteUri, parameters));
            var answer = await http.SendAsync(get, cancellationToken).ConfigureAwait(false);
            confirmed = answer.IsSuccess && Encoding.UTF8.GetString(answer.Body).Trim() == challenge;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
        {
            LogUnreachable(logger, request.Callback, ex.Message);
        }

        if (!confirmed)
        {
            LogNotConfirmed(logger, request.Mode, request.Topic, request.Callback);
            return false;
        }

        if (request.Mode == "subscribe")
        {
            await subscriptions.ActivateAsync(topic.Key, request.Topic, callback, request.Secret, request.LeaseSeconds, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await subscriptions.RemoveAsync(topic.Key, callback, cancellationToken).ConfigureAwait(false);
        }

        LogConfirmed(logger, request.Mode, request.Topic, request.Callback);
        return true;
    }

    /// <summary>WebSub 5.2: tells the subscriber its subscription was refused.</summary>
    private async Task DenyAsync(Uri callback, string topic, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var url = QueryHelpers.AddQueryString(callback.AbsoluteUri, new Dictionary<string, string?> { ["hub.mode"] = "denied", ["hub.topic"] = topic, ["hub.reason"] = reason });
            using var get = new HttpRequestMessage(HttpMethod.Get, url);
            await http.SendAsync(get, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CallbackRefusedException)
        {
            LogUnreachable(logger, callback.AbsoluteUri, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub {Mode} of {Topic} confirmed by {Callback}")]
    private static partial void LogConfirmed(ILogger logger, string mode, string topic, string callback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub {Mode} of {Topic} not confirmed by {Callback}")]
    private static partial void LogNotConfirmed(ILogger logger, string mode, string topic, string callback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback {Callback} could not be reached: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string callback, string reason);
}
