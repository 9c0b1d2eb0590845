using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

public sealed class FileSystemBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(root.Path));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}
