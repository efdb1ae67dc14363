using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using SyndicationFunctions.LocalHost.Catalog;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.LocalHost.Blobs;

/// <summary>
/// Blob service clients for the connections blob triggers name, from configuration as the Functions host reads
/// them locally: a connection string under the connection's name (env var <c>ArticleStorage</c>) or under
/// <c>ConnectionStrings:{name}</c>.
/// </summary>
public sealed class BlobConnections(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, BlobServiceClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public BlobContainerClient GetContainer(BlobFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return GetService(function.Connection).GetBlobContainerClient(function.Path.Container);
    }

    public BlobServiceClient GetService(string connection) => _clients.GetOrAdd(connection, name =>
        new BlobServiceClient(TriggerConnection.ConnectionString(configuration, name, "blob"), StorageClients.NewBlobOptions()));
}
