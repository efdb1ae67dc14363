using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>An active (verified) WebSub subscription.</summary>
/// <param name="DeliveredStamp">The newest change delivered to it: an older or repeated one is not sent again.</param>
public sealed record Subscription(string FeedKey, string Topic, string Callback, string? Secret, DateTimeOffset Expires, long DeliveredStamp, ETag ETag)
{
    public string Key => SubscriptionStore.CallbackKey(Callback);
}

/// <summary>
/// WebSub subscriptions in their own table (<see cref="PushNames.SubscriptionsTable"/>): one partition per feed
/// (<see cref="FeedTopic.Key"/>) with a row per callback, an index partition per callback host to bound them, and
/// one row per feed holding the newest change fanned out (so an older queued delivery knows it is superseded).
/// </summary>
public sealed class SubscriptionStore(StorageClients clients, TimeProvider time)
{
    private const string TopicsPartition = "topics";
    private const string HostPartitionPrefix = "host-";

    private TableClient Table => clients.Tables.GetTableClient(PushNames.SubscriptionsTable);

    public static string CallbackKey(string callback) => Hash(callback);

    public async Task<Subscription?> FindAsync(string feedKey, string subscriptionKey, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(feedKey, subscriptionKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToSubscription(found.Value!) : null;
    }

    /// <summary>Active subscriptions of a feed, at most <paramref name="limit"/> counted (the bound is all that matters).</summary>
    public Task<int> CountActiveAsync(string feedKey, int limit, CancellationToken cancellationToken)
        => CountAsync(feedKey, limit, cancellationToken);

    /// <summary>Whether <paramref name="scope"/> has an active subscriber in any format: one range query over its keys.</summary>
    public async Task<bool> AnyActiveAsync(FeedScope scope, CancellationToken cancellationToken)
    {
        var (from, to) = FeedTopic.KeyRangeOf(scope);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Expires gt {time.GetUtcNow()}");
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, 1, ["PartitionKey"], cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    public Task<int> CountActiveForHostAsync(string callbackHost, int limit, CancellationToken cancellationToken)
        => CountAsync(HostPartition(callbackHost), limit, cancellationToken);

    /// <summary>Creates or renews a verified subscription; a renewal keeps what was delivered.</summary>
    public async Task ActivateAsync(string feedKey, string topic, Uri callback, string? secret, int leaseSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var expires = time.GetUtcNow().AddSeconds(leaseSeconds);
        var key = CallbackKey(callback.AbsoluteUri);
        var row = new TableEntity(feedKey, key)
        {
            ["Topic"] = topic,
            ["Callback"] = callback.AbsoluteUri,
            ["CallbackHost"] = callback.Host,
            ["Secret"] = secret ?? "",
            ["Expires"] = expires,
        };
        await Table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await Table.UpsertEntityAsync(new TableEntity(HostPartition(callback.Host), $"{feedKey}|{key}") { ["Expires"] = expires }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string feedKey, Uri callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var key = CallbackKey(callback.AbsoluteUri);
        await Table.DeleteEntityAsync(feedKey, key, ETag.All, cancellationToken).ConfigureAwait(false);
        await Table.DeleteEntityAsync(HostPartition(callback.Host), $"{feedKey}|{key}", ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of a feed's active subscriptions and the token of the next page (null at the end).</summary>
    public async Task<(IReadOnlyList<string> Keys, string? Continuation)> PageActiveAsync(string feedKey, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {feedKey} and Expires gt {time.GetUtcNow()}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, ["RowKey"], cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            return (page.Values.Select(row => row.RowKey).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Records that <paramref name="stamp"/> reached the subscriber; false when another delivery got there first.</summary>
    public async Task<bool> MarkDeliveredAsync(Subscription subscription, long stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        try
        {
            var row = new TableEntity(subscription.FeedKey, subscription.Key) { ["DeliveredStamp"] = stamp };
            await Table.UpdateEntityAsync(row, subscription.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>The newest change fanned out for a feed (0 when none).</summary>
    public async Task<long> LatestStampAsync(string feedKey, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(TopicsPartition, feedKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value!.GetInt64("LatestStamp") ?? 0 : 0;
    }

    /// <summary>Raises a feed's newest change to <paramref name="stamp"/> (never lowers it).</summary>
    public async Task RaiseLatestStampAsync(string feedKey, long stamp, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(TopicsPartition, feedKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!found.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(TopicsPartition, feedKey) { ["LatestStamp"] = stamp }, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if ((found.Value!.GetInt64("LatestStamp") ?? 0) >= stamp)
                {
                    return;
                }

                await Table.UpdateEntityAsync(new TableEntity(TopicsPartition, feedKey) { ["LatestStamp"] = stamp }, found.Value.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another fan-out moved it meanwhile: read again.
            }
        }
    }

    private async Task<int> CountAsync(string partition, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Expires gt {time.GetUtcNow()}");
        var count = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            if (++count >= limit)
            {
                break;
            }
        }

        return count;
    }

    private static Subscription ToSubscription(TableEntity row) => new(
        row.PartitionKey,
        row.GetString("Topic") ?? "",
        row.GetString("Callback") ?? "",
        row.GetString("Secret") is { Length: > 0 } secret ? secret : null,
        row.GetDateTimeOffset("Expires") ?? DateTimeOffset.MinValue,
        row.GetInt64("DeliveredStamp") ?? 0,
        row.ETag);

    private static string HostPartition(string host) => HostPartitionPrefix + Hash(host.ToLowerInvariant())[..32];

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
