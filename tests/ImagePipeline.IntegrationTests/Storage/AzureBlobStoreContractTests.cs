using Azure.Storage.Blobs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;

namespace ImagePipeline.IntegrationTests.Storage;

/// <summary>The shared blob-store contract against a real Azurite, each test in a container of its own.</summary>
/// <remarks>
/// The suite itself is tests/ImagePipeline.UnitTests/Storage/BlobStoreContractTests.cs, which this project
/// compiles through <c>&lt;Compile Include="..\ImagePipeline.UnitTests\Storage\BlobStoreContractTests.cs" Link="Storage\BlobStoreContractTests.cs" /&gt;</c>.
/// </remarks>
public sealed class AzureBlobStoreContractTests : BlobStoreContractTests
{
    private BlobContainerClient? container;

    protected override Task<IBlobStore> CreateStoreAsync()
    {
        container = new BlobServiceClient(TestEnvironment.BlobConnectionString).GetBlobContainerClient(BlobContainerNames.NewName());
        return Task.FromResult<IBlobStore>(new AzureBlobStore(container));
    }

    protected override async Task DisposeStoreAsync()
    {
        if (container is not null)
        {
            await container.DeleteIfExistsAsync();
        }
    }
}
