using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace SyndicationFunctions.Storage;

/// <summary>
/// Builds the storage clients from the <see cref="StorageNames.Connection"/> setting, the way the
/// Functions host reads a connection: either a connection string (Azurite, local runs) or, in
/// Azure, service URIs with a managed identity (<c>ArticleStorage__tableServiceUri</c>, ...).
/// </summary>
public sealed class StorageClients
{
    /// <summary>The settings under the connection name that the identity-based form reads.</summary>
    public static IReadOnlyList<string> IdentitySettingSuffixes { get; } =
        ["blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>
    /// The Blob service version every client asks for: one Azure serves and the Azurite pinned in package.json
    /// (3.37.0, up to 2026-06-06) accepts without <c>--skipApiVersionCheck</c>. The SDK's own default is newer.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>The Table service version (the only one the Tables SDK speaks).</summary>
    public const TableClientOptions.ServiceVersion TableServiceVersion = TableClientOptions.ServiceVersion.V2019_02_02;

    /// <summary>Options for any other Blob client (the local host's trigger connections, tools, tests): the pinned version.</summary>
    public static BlobClientOptions NewBlobOptions() => new(BlobServiceVersion);

    public StorageClients(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageNames.Connection);
        var connectionString = section.Value;

        // Few, quick retries: a request waiting on a dead storage account should become a 503, not hang.
        var tableOptions = new TableClientOptions(TableServiceVersion);
        ConfigureRetry(tableOptions.Retry);
        var blobOptions = new BlobClientOptions(BlobServiceVersion);
        ConfigureRetry(blobOptions.Retry);
        tableOptions.AddPolicy(new Telemetry.StorageCallMetrics("table"), Azure.Core.HttpPipelinePosition.PerRetry);
        blobOptions.AddPolicy(new Telemetry.StorageCallMetrics("blob"), Azure.Core.HttpPipelinePosition.PerRetry);

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            return;
        }

        var tableUri = section["tableServiceUri"];
        var blobUri = section["blobServiceUri"];
        if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(blobUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{StorageNames.Connection}' to a connection string, or " +
                $"'{StorageNames.Connection}__tableServiceUri' and '{StorageNames.Connection}__blobServiceUri' with a managed identity.");
        }

        var clientId = section["clientId"];
        TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        Tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
        Blobs = new BlobServiceClient(new Uri(blobUri), credential, blobOptions);
    }

    /// <summary>Clients built elsewhere: tools, and tests that put a policy of their own into the pipeline.</summary>
    public StorageClients(TableServiceClient tables, BlobServiceClient blobs)
    {
        Tables = tables ?? throw new ArgumentNullException(nameof(tables));
        Blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    private static void ConfigureRetry(RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(15);
    }
}
