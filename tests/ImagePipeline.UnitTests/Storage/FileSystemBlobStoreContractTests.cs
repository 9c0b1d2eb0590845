using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>The blob-store contract on a file-system store in a folder of its own.</summary>
public abstract class FileSystemStoreContract(bool throwaway) : BlobStoreContractTests
{
    private readonly TemporaryFolder root = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(root.Path, throwaway));

    protected override Task DisposeStoreAsync()
    {
        root.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class FileSystemBlobStoreContractTests() : FileSystemStoreContract(throwaway: false);

/// <summary>The same contract on a store made as <c>imagepipe run</c>'s is: no flushing to disk, no lock file.</summary>
public sealed class ThrowawayFileSystemBlobStoreContractTests() : FileSystemStoreContract(throwaway: true);
