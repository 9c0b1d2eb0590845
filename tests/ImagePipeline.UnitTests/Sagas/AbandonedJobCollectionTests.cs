using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Sagas.Reconciling;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Sagas;

/// <summary>
/// A job whose submission never completed is removed, all of it, once it has ended and its retention has passed;
/// never a job still running, a submission under way, or a job whose submission completed.
/// </summary>
public sealed class AbandonedJobCollectionTests
{
    static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    static readonly DateTimeOffset FinishedAt = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    static readonly SubmissionProgress Ended = new() { JobId = Guid.Empty, EndedReason = "not submitted: its submitter stopped before queuing it" };
    static readonly JobStatus EndedJob = new() { ImageCount = 2, ImagesCompleted = 1, ImagesFailed = 1, FinishedAt = FinishedAt };

    readonly UnlistedPartsBlobStore _blobs = new(new MemoryBlobStore());
    readonly SubmissionRecords _records;
    readonly AbandonedJobCollection _collection;

    public AbandonedJobCollectionTests()
    {
        _records = new SubmissionRecords(_blobs);
        _collection = new AbandonedJobCollection(_records, _blobs, new StatusDocuments(_blobs),
            Options.Create(new ProcessingOptions { AbandonedJobRetentionSeconds = (int)Retention.TotalSeconds }), NullLogger<AbandonedJobCollection>.Instance);
    }

    [Fact]
    public void RemovableFrom_WhenTheEndedJobsSubmissionWasEnded_IsTheRetentionAfterItsEnd() =>
        Assert.Equal(FinishedAt + Retention, AbandonedJobs.RemovableFrom(Ended, completed: false, EndedJob, lastImageActivity: null, Retention));

    [Fact]
    public void RemovableFrom_WhenAnImageSagaMovedAfterTheJobEnded_CountsFromThatMove() =>
        Assert.Equal(FinishedAt + TimeSpan.FromMinutes(3) + Retention,
            AbandonedJobs.RemovableFrom(Ended, completed: false, EndedJob, FinishedAt + TimeSpan.FromMinutes(3), Retention));

    [Fact]
    public void RemovableFrom_WhenTheSubmissionIsUnderWay_IsNever() =>
        Assert.Null(AbandonedJobs.RemovableFrom(Ended with { EndedReason = null }, completed: false, EndedJob, lastImageActivity: null, Retention));

    [Fact]
    public void RemovableFrom_WhenTheSubmissionCompleted_IsNever() =>
        Assert.Null(AbandonedJobs.RemovableFrom(Ended, completed: true, EndedJob, lastImageActivity: null, Retention));

    [Fact]
    public void RemovableFrom_WhenAnImageHasNotEnded_IsNever()
    {
        var running = new JobStatus { ImageCount = 2, ImagesCompleted = 1 };
        Assert.Null(AbandonedJobs.RemovableFrom(Ended, completed: false, running, lastImageActivity: null, Retention));
        Assert.Null(AbandonedJobs.RemovableFrom(Ended, completed: false, job: null, lastImageActivity: null, Retention));
    }

    [Fact]
    public async Task CollectDue_AfterTheRetention_RemovesEveryBlobAndSagaStateOfTheJob()
    {
        var job = await StoreJobAsync(EndedJob, manifest: false);

        await _collection.CollectDueAsync(FinishedAt + Retention - TimeSpan.FromSeconds(1), default);
        Assert.NotEmpty(await KeysAsync());

        await _collection.CollectDueAsync(FinishedAt + Retention, default);
        Assert.Empty(await KeysAsync());
        Assert.Null(await _records.TryReadAsync(job, default));
    }

    [Fact]
    public async Task CollectDue_OfATiledImageCutShort_RemovesThePartsItsTilesStagedThoughNoListingShowsThem()
    {
        await StoreJobAsync(EndedJob, manifest: false, stagedTiledImage: true);
        Assert.NotEmpty(_blobs.StagedParts);

        await _collection.CollectDueAsync(FinishedAt + Retention, default);

        Assert.Empty(await KeysAsync());
        Assert.Empty(_blobs.StagedParts);
    }

    [Fact]
    public async Task CollectDue_WhenAnImageSagaMovedLater_WaitsForItsRetentionToo()
    {
        var job = await StoreJobAsync(EndedJob, manifest: false, imageUpdatedAt: FinishedAt + TimeSpan.FromMinutes(10));

        await _collection.CollectDueAsync(FinishedAt + Retention, default);
        Assert.NotNull(await _records.TryReadAsync(job, default));

        await _collection.CollectDueAsync(FinishedAt + Retention + TimeSpan.FromMinutes(10), default);
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task CollectDue_NeverRemovesACompletedJobOrOneStillRunning()
    {
        await StoreJobAsync(EndedJob, manifest: true);
        await StoreJobAsync(new JobStatus { ImageCount = 2, ImagesCompleted = 1, SubmittedAt = FinishedAt }, manifest: false);
        var before = await KeysAsync();

        await _collection.CollectDueAsync(FinishedAt + Retention * 100, default);

        Assert.Equal(before, await KeysAsync());
    }

    [Fact]
    public async Task CollectDue_WhenARemovalStoppedHalfWay_FinishesIt()
    {
        var job = await StoreJobAsync(EndedJob, manifest: false);
        var progress = await _records.TryReadProgressAsync(job, default);
        await _records.WriteProgressAsync(progress!.Value.Value with { Collecting = true }, progress.Value.ETag, default);
        // Gone before the stop: the job saga's state, so the job's own end can no longer be read.
        await _blobs.DeleteAsync(StoreLayout.JobStatus(job), default);

        await _collection.CollectDueAsync(FinishedAt, default);

        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task CollectDue_WhenOnlyTheProgressOfARemovalIsLeft_RemovesIt()
    {
        var job = await StoreJobAsync(EndedJob, manifest: false);
        var progress = await _records.TryReadProgressAsync(job, default);
        await _records.WriteProgressAsync(progress!.Value.Value with { Collecting = true }, progress.Value.ETag, default);
        foreach (var key in (await KeysAsync()).Where(key => key != StoreLayout.SubmissionProgress(job)))
            await _blobs.DeleteAsync(key, default);

        await _collection.CollectDueAsync(FinishedAt, default);

        Assert.Empty(await KeysAsync());
    }

    /// <summary>A two-image job as a killed submitter and the saga host leave it: record, ended progress, blobs, saga states.</summary>
    /// <param name="stagedTiledImage">Image 1 is tiled, and a tile of it staged a part of its results blob.</param>
    async Task<Guid> StoreJobAsync(JobStatus status, bool manifest, DateTimeOffset? imageUpdatedAt = null, bool stagedTiledImage = false)
    {
        var jobId = NewId.NextGuid();
        var images = Enumerable.Range(0, 2)
            .Select(index => new SubmissionImage
            {
                Index = index, ImageId = NewId.NextGuid(), SourceName = $"{index}.png", OutputName = $"{index}.png",
                OutputKey = StoreLayout.Output(jobId, $"{index}.png"),
            })
            .ToList();
        await _records.WriteAsync(new SubmissionRecord { JobId = jobId, Operation = "invert", SubmittedAt = FinishedAt, Images = images }, replace: false,
            default);
        await _records.WriteProgressAsync(Ended with { JobId = jobId }, etag: null, default);
        await PutAsync(images[0].OutputKey);
        await PutAsync($"{StoreLayout.Job(jobId)}work/1/packs/0");
        if (manifest)
            await PutAsync(StoreLayout.Manifest(jobId));
        await new SagaStateStore<JobState>(_blobs).WriteAsync(new JobState { CorrelationId = jobId, Status = status }, expectedETag: null, default);
        foreach (var image in images)
        {
            var state = new ImageState { CorrelationId = image.ImageId, CurrentState = "Completed", UpdatedAt = imageUpdatedAt ?? FinishedAt };
            if (stagedTiledImage && image.Index == 1)
            {
                state.CurrentState = "Processing";
                state.Image = new ImageIdentity { JobId = jobId, ImageId = image.ImageId, Index = image.Index, Count = images.Count };
                state.Recipe = new ImageRecipe
                {
                    Operation = "median", Tiling = ImageLayout.Tiling(300, 200, 128, halo: 2, channels: 3), PassCount = 1, OutputKey = image.OutputKey,
                    OutputEncoding = new OutputEncoding(), ResultCacheKey = null,
                };
                using var part = new MemoryStream([1, 2, 3]);
                await _blobs.StagePartAsync(ImageLayout.Of(state.Image, state.Recipe).Results, 0, part, default);
            }

            await new SagaStateStore<ImageState>(_blobs).WriteAsync(state, expectedETag: null, default);
        }

        return jobId;
    }

    async Task PutAsync(string key)
    {
        using var content = new MemoryStream([1, 2, 3]);
        await _blobs.UploadAsync(key, content, BlobWriteCondition.None, default);
    }

    async Task<List<string>> KeysAsync() => await _blobs.ListKeysAsync("", default).ToListAsync();
}
