using ImagePipeline.Hosting.Health;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Faults;

public sealed class HealthReportingBlobStoreTests
{
    readonly RefusingBlobStore _store = new(new MemoryBlobStore());
    readonly UnavailableDependencies _health = new(TimeProvider.System, new RecordingLogger<UnavailableDependencies>());

    [Fact]
    public async Task Reads_WhileWritesAreRefused_DoNotEndTheOutage_AndAWriteDoes()
    {
        var blobs = new HealthReportingBlobStore(_store, _health);
        await blobs.UploadAsync("jobs/a", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);

        _store.RefuseWrites = true;
        await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => blobs.UploadAsync("jobs/b", new MemoryStream([2]), BlobWriteCondition.None, CancellationToken.None));
        Assert.True(await blobs.ExistsAsync("jobs/a", CancellationToken.None));
        var outDuringReads = _health.IsUnavailable("the blob store");
        _store.RefuseWrites = false;
        await blobs.UploadAsync("jobs/b", new MemoryStream([2]), BlobWriteCondition.None, CancellationToken.None);

        Assert.True(outDuringReads);
        Assert.False(_health.IsUnavailable("the blob store"));
    }

    [Fact]
    public async Task Failures_ThatRetryingCannotFix_AreNoOutage()
    {
        var blobs = new HealthReportingBlobStore(_store, _health);

        await Assert.ThrowsAsync<BlobNotFoundException>(() => blobs.OpenReadAsync("jobs/missing", CancellationToken.None));

        Assert.False(_health.IsUnavailable("the blob store"));
    }
}
