using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers;
using MassTransit;

namespace ImagePipeline.UnitTests.Doors;

/// <summary>The tile worker asks about a job's cancel marker about once a second, not once per tile.</summary>
public sealed class CancellationMarkersTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task ThrowIfCancelled_ForManyTilesOfARunningJob_ReadsTheMarkerOnce()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        using var markers = new CancellationMarkers(new JobCancellation(blobs));
        var jobId = NewId.NextGuid();

        for (var tile = 0; tile < 100; tile++)
            await markers.ThrowIfCancelledAsync(jobId, default);

        Assert.Equal(1, blobs.ReadsUnder(StoreLayout.CancelMarker(jobId)));
    }

    [Fact]
    public async Task ThrowIfCancelled_AfterTheJobIsCancelled_ThrowsWithinTheRecheckInterval()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        using var markers = new CancellationMarkers(new JobCancellation(blobs));
        var jobId = NewId.NextGuid();
        await markers.ThrowIfCancelledAsync(jobId, default);

        await new JobCancellation(blobs).CancelAsync(jobId, default);
        await Task.Delay(CancellationMarkers.RecheckAfter + TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<JobCancelledException>(() => markers.ThrowIfCancelledAsync(jobId, default));
    }

    [Fact]
    public async Task ThrowIfCancelled_OnceSeenCancelled_StaysCancelledWithoutAskingAgain()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        using var markers = new CancellationMarkers(new JobCancellation(blobs));
        var jobId = NewId.NextGuid();
        await new JobCancellation(blobs).CancelAsync(jobId, default);

        for (var tile = 0; tile < 10; tile++)
            await Assert.ThrowsAsync<JobCancelledException>(() => markers.ThrowIfCancelledAsync(jobId, default));

        Assert.Equal(1, blobs.ReadsUnder(StoreLayout.CancelMarker(jobId)));
    }

    public void Dispose() => _folder.Dispose();
}
