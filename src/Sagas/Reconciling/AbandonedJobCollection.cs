using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas.Reconciling;

/// <summary>
/// Removes each job whose submission never completed (<see cref="AbandonedSubmissions"/> ended it) once every image of
/// it has ended and <see cref="ProcessingOptions.AbandonedJobRetentionSeconds"/> has passed (<see cref="AbandonedJobs"/>):
/// its blobs, its image and job saga states, then the submission's record and progress. The progress is marked
/// <see cref="SubmissionProgress.Collecting"/> first, by a conditional write, so only one saga host decides, and any
/// host carries on a removal that stopped half-way; the record, by which the job is found, goes last. Every delete
/// tolerates a blob already gone, so two hosts removing the same job at once is harmless.
/// </summary>
internal sealed partial class AbandonedJobCollection(
    SubmissionRecords records,
    IBlobStore blobs,
    StatusDocuments statuses,
    IOptions<ProcessingOptions> options,
    ILogger<AbandonedJobCollection> logger) : PeriodicScan(logger, "abandoned jobs to remove")
{
    // When each ended job seen becomes due: a job waits out its retention (a day by default) without a read every scan.
    readonly Dictionary<Guid, DateTimeOffset> _dueAt = [];
    readonly SagaStateStore<ImageState> _images = new(blobs);

    protected override Task ScanAsync(CancellationToken cancellationToken) => CollectDueAsync(DateTimeOffset.UtcNow, cancellationToken);

    /// <summary>One look: removes every job due at <paramref name="now"/>, and carries on removals begun before.</summary>
    internal async Task CollectDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retention = TimeSpan.FromSeconds(options.Value.AbandonedJobRetentionSeconds);
        var listed = await records.ListAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var forgotten in _dueAt.Keys.Except(listed).ToList())
            _dueAt.Remove(forgotten);
        foreach (var jobId in listed)
        {
            if (_dueAt.TryGetValue(jobId, out var knownDue) && now < knownDue)
                continue;
            if (await records.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } found)
                continue; // still starting, or AbandonedSubmissions' to end first
            if (!found.Value.Collecting && !await TryStartAsync(jobId, found, now, retention, cancellationToken).ConfigureAwait(false))
                continue;
            await RemoveAsync(jobId, cancellationToken).ConfigureAwait(false);
            _dueAt.Remove(jobId);
        }

        // A removal that stopped between the record and its progress leaves the progress alone, which nothing lists.
        await foreach (var jobId in records.ListProgressWithoutRecordAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((await records.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false))?.Value.Collecting == true)
                await records.DeleteProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>True when this host marked the job for removal; false when it is not due, or another writer came first.</returns>
    async Task<bool> TryStartAsync(Guid jobId, (SubmissionProgress Value, string ETag) found, DateTimeOffset now, TimeSpan retention,
        CancellationToken cancellationToken)
    {
        if (found.Value.EndedReason is null)
            return false;
        var completed = await blobs.ExistsAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false);
        var job = await statuses.TryReadJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (AbandonedJobs.RemovableFrom(found.Value, completed, job, lastImageActivity: null, retention) is not { } due)
        {
            _dueAt.Remove(jobId);
            return false;
        }

        // The image sagas are read only once the job's own end is old enough: one read per image, not one per look.
        if (now >= due)
            due = AbandonedJobs.RemovableFrom(found.Value, completed, job, await LastImageActivityAsync(jobId, cancellationToken).ConfigureAwait(false),
                retention)!.Value;
        _dueAt[jobId] = due;
        return now >= due && await TryMarkAsync(jobId, found, job!, cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> TryMarkAsync(Guid jobId, (SubmissionProgress Value, string ETag) found, JobStatus job, CancellationToken cancellationToken)
    {
        try
        {
            await records.WriteProgressAsync(found.Value with { Collecting = true }, found.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            return false; // another saga host marked it first: it removes the job, or the next look carries on
        }

        LogRemoving(logger, jobId, job.FinishedAt, found.Value.EndedReason);
        return true;
    }

    /// <summary>The latest update of the job's image sagas; <see cref="DateTimeOffset.MinValue"/> when it has none.</summary>
    async Task<DateTimeOffset> LastImageActivityAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var last = DateTimeOffset.MinValue;
        if (await records.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } record)
            return last;
        foreach (var image in record.Images)
        {
            if (await _images.TryLoadAsync(image.ImageId, cancellationToken).ConfigureAwait(false) is { Saga.UpdatedAt: var updated } && updated > last)
                last = updated;
        }

        return last;
    }

    /// <summary>Removes everything of the job; the record last, so a removal cut short is found and finished by the next look.</summary>
    async Task RemoveAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await records.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } record)
            return; // another saga host has just finished removing it
        // A tiled image cut short (only some of its tiles queued) never assembles: the parts its tiles staged in its results
        // blob stay uncommitted, which no listing shows (Azure's staged blocks). Only its layout, kept by its saga, names them.
        foreach (var image in record.Images)
        {
            if (await _images.TryLoadAsync(image.ImageId, cancellationToken).ConfigureAwait(false) is
                { Saga: { Image: { } identity, Recipe: { Tiling: not null } recipe } })
                await blobs.DeletePartsAsync(ImageLayout.Of(identity, recipe).Results, cancellationToken).ConfigureAwait(false);
        }

        await blobs.DeleteAllUnderAsync(StoreLayout.Job(jobId), cancellationToken).ConfigureAwait(false);
        foreach (var image in record.Images)
            await blobs.DeleteAsync(StoreLayout.ImageStatus(image.ImageId), cancellationToken).ConfigureAwait(false);
        await blobs.DeleteAsync(StoreLayout.JobStatus(jobId), cancellationToken).ConfigureAwait(false);
        await records.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
        LogRemoved(logger, jobId, record.Images.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: its submission never completed and it ended at {FinishedAt}; removing it ({Reason})")]
    static partial void LogRemoving(ILogger logger, Guid jobId, DateTimeOffset? finishedAt, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} removed from the store: its blobs, the saga states of its {Images} images and its own, its submission record")]
    static partial void LogRemoved(ILogger logger, Guid jobId, int images);
}
