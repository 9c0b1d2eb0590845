using ImagePipeline.Protocol.Status;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using MassTransit;

namespace ImagePipeline.UnitTests.Sagas;

/// <summary>
/// The saga repository remembers the states it read or wrote, so an update costs one request; a state
/// changed meanwhile by another process must still be noticed, never overwritten.
/// </summary>
public sealed class RecentSagaStatesTests : IDisposable
{
    readonly TemporaryFolder _folder = new();
    readonly RecentSagaStates<JobState> _recent = new();

    [Fact]
    public async Task Load_OfAStateThisProcessWrote_ReadsNoBlob()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        var store = new SagaStateStore<JobState>(blobs, _recent);
        var job = new JobState { CorrelationId = NewId.NextGuid(), Status = new JobStatus { ImageCount = 3, ImagesCompleted = 1 } };

        var etag = await store.WriteAsync(job, expectedETag: null, default);
        var loaded = await store.TryLoadAsync(job.CorrelationId, default);

        Assert.Equal(0, blobs.ReadsUnder("sagas/"));
        Assert.Equal(etag, loaded!.Value.ETag);
        Assert.Equal(1, loaded.Value.Saga.Status.ImagesCompleted);
    }

    [Fact]
    public async Task Load_GivesAFreshInstanceEachTime_SoAnUnsavedChangeIsNotRemembered()
    {
        var store = new SagaStateStore<JobState>(new FileSystemBlobStore(_folder.Path), _recent);
        var job = new JobState { CorrelationId = NewId.NextGuid(), Status = new JobStatus { ImageCount = 3 } };
        await store.WriteAsync(job, expectedETag: null, default);

        var first = await store.TryLoadAsync(job.CorrelationId, default);
        first!.Value.Saga.Status.ImagesCompleted = 2;
        var second = await store.TryLoadAsync(job.CorrelationId, default);

        Assert.Equal(0, second!.Value.Saga.Status.ImagesCompleted);
    }

    [Fact]
    public async Task Write_FromARememberedState_WhenAnotherProcessChangedIt_IsRefusedAndTheRetryReadsTheirState()
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        var here = new SagaStateStore<JobState>(blobs, _recent);
        var elsewhere = new SagaStateStore<JobState>(new FileSystemBlobStore(_folder.Path));
        var id = NewId.NextGuid();
        await here.WriteAsync(new JobState { CorrelationId = id, Status = new JobStatus { ImageCount = 3 } }, expectedETag: null, default);

        var theirs = await elsewhere.TryLoadAsync(id, default);
        theirs!.Value.Saga.Status.ImagesCompleted = 1;
        await elsewhere.WriteAsync(theirs.Value.Saga, theirs.Value.ETag, default);

        var remembered = await here.TryLoadAsync(id, default);
        remembered!.Value.Saga.Status.ImagesFailed = 1;
        await Assert.ThrowsAsync<ConcurrencyException>(() => here.WriteAsync(remembered.Value.Saga, remembered.Value.ETag, default));

        var retried = await here.TryLoadAsync(id, default);
        Assert.Equal(1, blobs.ReadsUnder("sagas/"));
        Assert.Equal(1, retried!.Value.Saga.Status.ImagesCompleted);
        Assert.Equal(0, retried.Value.Saga.Status.ImagesFailed);
    }

    [Fact]
    public async Task Load_AfterDelete_FindsNothing()
    {
        var store = new SagaStateStore<JobState>(new FileSystemBlobStore(_folder.Path), _recent);
        var job = new JobState { CorrelationId = NewId.NextGuid(), Status = new JobStatus { ImageCount = 1 } };
        await store.WriteAsync(job, expectedETag: null, default);

        await store.DeleteAsync(job.CorrelationId, default);

        Assert.Null(await store.TryLoadAsync(job.CorrelationId, default));
    }

    public void Dispose()
    {
        _recent.Dispose();
        _folder.Dispose();
    }
}
