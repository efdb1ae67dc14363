using System.Collections.Concurrent;
using Azure.Storage.Queues;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.Push;

namespace SyndicationFunctions.LocalHost.Queues;

/// <summary>
/// Queue clients for the connections queue triggers name, read as the host reads them locally (a connection string
/// under the name, or under <c>ConnectionStrings:{name}</c>). Message bodies are read raw: host.json says how to decode.
/// </summary>
public sealed class QueueConnections(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, QueueServiceClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public QueueClient GetQueue(QueueFunction function, string queueName)
    {
        ArgumentNullException.ThrowIfNull(function);
        return _clients.GetOrAdd(function.Connection, name =>
        {
            var connectionString = configuration[name] is { Length: > 0 } value ? value : configuration.GetConnectionString(name);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException($"The queue trigger connection '{name}' is not configured: set a storage connection string in the environment variable '{name}'.");
            }

            var options = PushQueues.NewOptions();
            options.MessageEncoding = QueueMessageEncoding.None;
            return new QueueServiceClient(connectionString, options);
        }).GetQueueClient(queueName);
    }
}
