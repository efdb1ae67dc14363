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
    {
        var connectionString = configuration[name] is { Length: > 0 } value ? value : configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The blob trigger connection '{name}' is not configured: set a storage connection string in the environment variable '{name}' " +
                "(for Azurite: UseDevelopmentStorage=true, or the connection string with its ports).");
        }

        return new BlobServiceClient(connectionString, StorageClients.NewBlobOptions());
    });
}
