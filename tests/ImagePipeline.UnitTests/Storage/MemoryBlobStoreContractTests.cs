using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>The blob-store contract on the in-memory store <c>imagepipe run</c> keeps its saga states in.</summary>
public sealed class MemoryBlobStoreContractTests : BlobStoreContractTests
{
    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new MemoryBlobStore());
}
