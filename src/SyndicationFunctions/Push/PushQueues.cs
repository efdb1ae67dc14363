using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

/// <summary>
/// Sends push messages to the storage queues of <see cref="PushNames"/>, from the same
/// <see cref="StorageNames.Connection"/> setting as the tables (a connection string, or <c>queueServiceUri</c> with
/// a managed identity). Messages are JSON in base64, the encoding the Functions queue trigger reads by default.
/// </summary>
public sealed class PushQueues
{
    /// <summary>The Queue service version asked for: one Azure serves and the pinned Azurite accepts.</summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    public PushQueues(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageNames.Connection);
        var options = NewOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        if (section.Value is { Length: > 0 } connectionString)
        {
            Service = new QueueServiceClient(connectionString, options);
            return;
        }

        if (section["queueServiceUri"] is not { Length: > 0 } queueUri)
        {
            throw new InvalidOperationException($"Push needs '{StorageNames.Connection}' or '{StorageNames.Connection}__queueServiceUri'.");
        }

        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        Service = new QueueServiceClient(new Uri(queueUri), credential, options);
    }

    public QueueServiceClient Service { get; }

    /// <summary>Options for any queue client of the app (and the local host): pinned version, base64 messages.</summary>
    public static QueueClientOptions NewOptions() => new(QueueServiceVersion) { MessageEncoding = QueueMessageEncoding.Base64 };

    public QueueClient Queue(string name) => _queues.GetOrAdd(name, Service.GetQueueClient);

    /// <summary>Adds <paramref name="message"/> to <paramref name="queue"/>, hidden for <paramref name="delay"/> (at most <see cref="PushLimits.MaxQueueDelay"/>).</summary>
    public async Task SendAsync<T>(string queue, T message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay > PushLimits.MaxQueueDelay ? PushLimits.MaxQueueDelay : delay;
        var text = JsonSerializer.Serialize(message, Json);
        try
        {
            await Queue(queue).SendMessageAsync(text, visibility, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Storage came up after the app (or was emptied): create the queue, as the tables are created on first use.
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await Queue(queue).SendMessageAsync(text, visibility, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
    }

    public static T Read<T>(string message)
        => JsonSerializer.Deserialize<T>(message, Json) ?? throw new InvalidOperationException($"An empty {typeof(T).Name} message.");

    /// <summary>Creates every push queue that is missing (Azurite starts empty; in Azure the Bicep creates them).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in PushNames.Queues)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
