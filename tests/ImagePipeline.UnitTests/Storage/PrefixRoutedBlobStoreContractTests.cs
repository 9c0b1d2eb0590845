using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>
/// The blob-store contract on a store split in two, as <c>imagepipe run</c>'s is: keys under "jobs/" in
/// memory, the rest in a folder, so that the contract's copies and listings cross from one to the other.
/// </summary>
public sealed class PrefixRoutedBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new PrefixRoutedBlobStore(new FileSystemBlobStore(root.Path, throwaway: true), "jobs/", new MemoryBlobStore()));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}
