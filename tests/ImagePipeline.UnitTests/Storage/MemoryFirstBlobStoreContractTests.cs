using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>
/// The blob-store contract on a memory-first store as <c>imagepipe run</c> uses one, made small enough that
/// the contract's blobs land on both sides: keys under "jobs/" of at most 64 KiB in memory while 256 KiB
/// last, everything else in a folder; so copies, listings and conditions cross from one to the other.
/// </summary>
public sealed class MemoryFirstBlobStoreContractTests : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new MemoryFirstBlobStore(new FileSystemBlobStore(root.Path, throwaway: true),
            key => key.StartsWith("jobs/", StringComparison.Ordinal), maxBlobBytes: 64 << 10, budgetBytes: 256 << 10));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}
