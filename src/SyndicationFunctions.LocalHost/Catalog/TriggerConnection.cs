using Microsoft.Extensions.Configuration;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>
/// The storage connection a trigger names, read as the Functions host reads it locally: a connection string under the
/// name (env var <c>ArticleStorage</c>), else under <c>ConnectionStrings:{name}</c>.
/// </summary>
public static class TriggerConnection
{
    public static string ConnectionString(IConfiguration configuration, string name, string trigger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name] is { Length: > 0 } value ? value : configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The {trigger} trigger connection '{name}' is not configured: set a storage connection string in the environment variable '{name}' " +
                "(for Azurite: UseDevelopmentStorage=true, or the connection string with its ports).");
        }

        return connectionString;
    }
}
