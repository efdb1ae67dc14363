using Azure.Storage.Blobs;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Testing;

/// <summary>
/// One <see cref="AzuriteProcess"/> for a test class or collection: started before its tests, stopped after them.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => Azurite.ConnectionString;

    public int BlobPort => Azurite.BlobPort;

    public int TablePort => Azurite.TablePort;

    public BlobServiceClient Service { get; private set; } = null!;

    private AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A container no other test uses.</summary>
    public BlobContainerClient NewContainer() => Service.GetBlobContainerClient($"test-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        Service = new BlobServiceClient(_azurite.ConnectionString, StorageClients.NewBlobOptions());
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A loopback port nothing listens on at the moment of asking.</summary>
    public static int FreePort() => AzuriteProcess.FreePort();
}

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
