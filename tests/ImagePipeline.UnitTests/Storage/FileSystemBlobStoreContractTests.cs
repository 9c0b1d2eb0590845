using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>The blob-store contract on a file-system store in a folder of its own.</summary>
public abstract class FileSystemStoreContract(bool durable) : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(root.Path, durable));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class FileSystemBlobStoreContractTests() : FileSystemStoreContract(durable: true);

/// <summary>The same contract without flushing writes to disk, as <c>imagepipe run</c>'s throwaway store is made.</summary>
public sealed class ThrowawayFileSystemBlobStoreContractTests() : FileSystemStoreContract(durable: false);
