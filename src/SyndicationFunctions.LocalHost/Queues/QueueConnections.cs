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
            var connectionString = TriggerConnection.ConnectionString(configuration, name, "queue");
            var options = PushQueues.NewOptions();
            options.MessageEncoding = QueueMessageEncoding.None;
            return new QueueServiceClient(connectionString, options);
        }).GetQueueClient(queueName);
    }
}
