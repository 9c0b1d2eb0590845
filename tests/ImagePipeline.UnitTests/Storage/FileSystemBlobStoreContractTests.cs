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

/// <summary>The same contract without flushing writes to disk, as <c>imagepipe run</c>'s throwaway store is made.</summary>
public sealed class ThrowawayFileSystemBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(root.Path, durable: false));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}
