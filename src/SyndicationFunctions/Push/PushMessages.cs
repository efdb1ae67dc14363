namespace SyndicationFunctions.Push;

/// <summary>
/// Something public changed in <paramref name="Section"/> (a slug; null when unknown, which pings every feed):
/// at <paramref name="Due"/>, which is in the future for an embargoed article.
/// </summary>
/// <param name="Stamp">Identifies the change (ticks of when it became public): deliveries of one change are sent once.</param>
/// <param name="Feeds">
/// The keys (<see cref="Storage.FeedScope.Key"/>) of every feed the change touches: those the article was in before
/// and is in after (its sections, tags and authors). Null in messages queued before tag feeds: then the section's.
/// </param>
public sealed record PushChange(string? Section, DateTimeOffset Due, long Stamp, IReadOnlyList<string>? Feeds = null);

/// <summary>Deliver change <paramref name="Stamp"/> of feed <paramref name="FeedKey"/> to the subscribers after <paramref name="Continuation"/>.</summary>
public sealed record TopicFanOut(string FeedKey, long Stamp, string? Continuation);

/// <summary>Deliver the feed's current first page to one subscriber; <paramref name="Attempt"/> counts from 1.</summary>
public sealed record SubscriberDelivery(string FeedKey, string SubscriptionKey, long Stamp, int Attempt, DateTimeOffset FirstAttempt);

/// <summary>A subscribe or unsubscribe request waiting for the subscriber to confirm it.</summary>
public sealed record IntentVerification(string Mode, string Topic, string Callback, int LeaseSeconds, string? Secret);

/// <summary>Send the changes an endpoint has not acknowledged yet.</summary>
public sealed record WebhookPump(string EndpointId);
