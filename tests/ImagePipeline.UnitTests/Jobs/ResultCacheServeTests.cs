using ImagePipeline.Protocol.Caching;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>What serving from the result cache costs the store: one read of the kept output, hit or miss.</summary>
public sealed class ResultCacheServeTests : IDisposable
{
    const string CacheKey = "cache/results/input/recipe";
    const string OutputKey = "jobs/1/output/photo.png";
    readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task TryServe_WhenNothingIsKept_ReportsAMissAfterOneReadAndWritesNothing()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));

        var served = await new ResultCache(blobs).TryServeAsync(CacheKey, OutputKey, CancellationToken.None);

        Assert.False(served);
        Assert.Equal(1, blobs.ReadsUnder(CacheKey));
        Assert.False(await blobs.ExistsAsync(OutputKey, CancellationToken.None));
    }

    [Fact]
    public async Task TryServe_WhenAResultIsKept_CopiesItToTheOutputAfterOneRead()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        byte[] kept = [1, 2, 3, 4, 5];
        await blobs.UploadAsync("jobs/0/output/photo.png", new MemoryStream(kept), BlobWriteCondition.IfNotExists, CancellationToken.None);
        await new ResultCache(blobs).KeepAsync(CacheKey, "jobs/0/output/photo.png", CancellationToken.None);

        var served = await new ResultCache(blobs).TryServeAsync(CacheKey, OutputKey, CancellationToken.None);

        Assert.True(served);
        Assert.Equal(1, blobs.ReadsUnder(CacheKey));
        Assert.Equal(kept, await blobs.ReadAllBytesAsync(OutputKey, CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
