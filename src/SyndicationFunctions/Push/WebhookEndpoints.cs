using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>A partner endpoint and where it stands in the change feed.</summary>
/// <param name="Cursor">The last change sequence it acknowledged (or skipped by its filters).</param>
/// <param name="FailingSince">When its current run of failures began; null while it succeeds.</param>
public sealed record WebhookEndpoint(
    string Id,
    string Url,
    string Secret,
    IReadOnlyList<string> Sections,
    IReadOnlyList<string> Kinds,
    long Cursor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FailingSince,
    string? LastError,
    int Attempt,
    DateTimeOffset? RetryAt,
    DateTimeOffset? LeaseUntil,
    bool Disabled,
    ETag ETag)
{
    /// <summary>Set by a change that arrived while another pump held the lease: the holder looks again before letting go.</summary>
    public bool Dirty { get; init; }

    public string Status => Disabled ? "disabled" : FailingSince is null ? "active" : "failing";

    public bool Wants(ArticleChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return (Kinds.Count == 0 || Kinds.Contains(change.Kind))
            && (Sections.Count == 0 || (change.Article?.Section.Slug is { } slug && Sections.Contains(slug)) || change.Article is null);
    }
}

/// <summary>Partner endpoints in their own table (<see cref="PushNames.WebhooksTable"/>), one partition.</summary>
public sealed class WebhookEndpoints(StorageClients clients, PushQueues queues)
{
    private const string Partition = "endpoints";

    private TableClient Table => clients.Tables.GetTableClient(PushNames.WebhooksTable);

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken)
    {
        var endpoints = new List<WebhookEndpoint>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            endpoints.Add(ToEndpoint(row));
        }

        return endpoints;
    }

    public async Task<WebhookEndpoint?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToEndpoint(found.Value!) : null;
    }

    public async Task<WebhookEndpoint> AddAsync(string url, IReadOnlyList<string> sections, IReadOnlyList<string> kinds, long cursor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var row = new TableEntity(Partition, id)
        {
            ["Url"] = url,
            ["Secret"] = NewSecret(),
            ["Sections"] = string.Join(',', sections),
            ["Kinds"] = string.Join(',', kinds),
            ["Cursor"] = cursor,
            ["CreatedAt"] = now,
            ["Attempt"] = 0,
            ["Disabled"] = false,
        };
        await Table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        return (await FindAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Removes an endpoint; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        // The Tables client reports a missing entity as a 404 response rather than an exception.
        var response = await Table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>Writes <paramref name="endpoint"/> if nobody changed it since it was read; returns the new version, or null on a conflict.</summary>
    public async Task<WebhookEndpoint?> TryUpdateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // Replace, not merge: a property set to null (FailingSince after a success) must go.
        var row = new TableEntity(Partition, endpoint.Id)
        {
            ["Url"] = endpoint.Url,
            ["Secret"] = endpoint.Secret,
            ["Sections"] = string.Join(',', endpoint.Sections),
            ["Kinds"] = string.Join(',', endpoint.Kinds),
            ["CreatedAt"] = endpoint.CreatedAt,
            ["Cursor"] = endpoint.Cursor,
            ["FailingSince"] = endpoint.FailingSince,
            ["LastError"] = endpoint.LastError,
            ["Attempt"] = endpoint.Attempt,
            ["RetryAt"] = endpoint.RetryAt,
            ["LeaseUntil"] = endpoint.LeaseUntil,
            ["Disabled"] = endpoint.Disabled,
            ["Dirty"] = endpoint.Dirty,
        };
        try
        {
            var response = await Table.UpdateEntityAsync(row, endpoint.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return endpoint with { ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One pump message per endpoint still enabled: what every public change does for partners.</summary>
    public async Task PumpAllAsync(CancellationToken cancellationToken)
    {
        var endpoints = await ListAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(endpoints.Where(endpoint => !endpoint.Disabled)
            .Select(endpoint => queues.SendAsync(PushNames.WebhookPumpQueue, new WebhookPump(endpoint.Id), TimeSpan.Zero, cancellationToken))).ConfigureAwait(false);
    }

    private static WebhookEndpoint ToEndpoint(TableEntity row) => new(
        row.RowKey,
        row.GetString("Url") ?? "",
        row.GetString("Secret") ?? "",
        Split(row.GetString("Sections")),
        Split(row.GetString("Kinds")),
        row.GetInt64("Cursor") ?? 0,
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch,
        row.GetDateTimeOffset("FailingSince"),
        row.GetString("LastError") is { Length: > 0 } error ? error : null,
        row.GetInt32("Attempt") ?? 0,
        row.GetDateTimeOffset("RetryAt"),
        row.GetDateTimeOffset("LeaseUntil"),
        row.GetBoolean("Disabled") ?? false,
        row.ETag)
    {
        Dirty = row.GetBoolean("Dirty") ?? false,
    };

    private static string[] Split(string? value) => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
