using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas.Reconciling;

/// <summary>
/// Ends the submissions that will never complete, so their jobs end too: one cancelled while it was submitted, or one
/// whose progress (<see cref="SubmissionProgress"/>) has not changed for <see cref="ProcessingOptions.AbandonedSubmissionSeconds"/>
/// because its submitter died. The progress is marked ended first (a live submitter then stops at its next heartbeat),
/// then the job saga is told of the job and of every image that was never queued, as failed with the reason; images
/// already queued run on. Silence is measured here, by the progress blob's version, so no two machines' clocks are compared.
/// </summary>
internal sealed partial class AbandonedSubmissions(
    SubmissionRecords records,
    IBlobStore blobs,
    StatusDocuments statuses,
    JobCancellation cancellation,
    ISendEndpointProvider sendEndpoints,
    IOptions<ProcessingOptions> options,
    ILogger<AbandonedSubmissions> logger) : PeriodicScan(logger, "abandoned submissions")
{
    // A job saga with a backlog may take a while to count what was sent: send again only after this.
    static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(1);

    readonly Dictionary<Guid, (string ETag, DateTimeOffset Since)> _unchanged = [];
    readonly Dictionary<Guid, DateTimeOffset> _sent = [];

    protected override async Task ScanAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var listed = await records.ListAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var forgotten in _unchanged.Keys.Except(listed).ToList())
            _unchanged.Remove(forgotten);
        foreach (var jobId in listed)
        {
            if (await records.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } record)
                continue;
            var progress = await records.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (progress?.Value.Collecting == true)
                continue; // AbandonedJobCollection is removing it: saying anything of it now would bring back its saga state
            if (progress?.Value.EndedReason is { } reason)
            {
                await EnsureImagesEndedAsync(record, progress.Value.Value, reason, now, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Completed: its submitter wrote the manifest and stopped before removing the record.
            if (await blobs.ExistsAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false))
            {
                await records.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // A submitter that died between writing its record and its first progress leaves none: nothing was queued.
            var version = progress?.ETag ?? "";
            if (!_unchanged.TryGetValue(jobId, out var unchanged) || unchanged.ETag != version)
                _unchanged[jobId] = unchanged = (version, now);
            var silence = now - unchanged.Since;
            if (await cancellation.IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false))
                await EndAsync(record, progress, JobCancellation.Reason, now, cancellationToken).ConfigureAwait(false);
            else if (silence >= TimeSpan.FromSeconds(options.Value.AbandonedSubmissionSeconds))
                await EndAsync(record, progress, $"not submitted: its submitter stopped before queuing it (no word from it for {silence.TotalSeconds:0} s)", now,
                    cancellationToken).ConfigureAwait(false);
        }
    }

    async Task EndAsync(SubmissionRecord record, (SubmissionProgress Value, string ETag)? found, string reason, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var progress = (found?.Value ?? new SubmissionProgress { JobId = record.JobId }) with { EndedReason = reason };
        try
        {
            await records.WriteProgressAsync(progress, found?.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Its submitter wrote in between (it lives), or another saga host ended it: the next scan looks again.
            return;
        }

        LogEnded(logger, record.JobId, record.Images.Count(image => !progress.IsQueued(image.Index)), reason);
        await EnsureImagesEndedAsync(record, progress, reason, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the job saga of the job and of each image never queued that it has not counted yet; repeats are counted once.</summary>
    async Task EnsureImagesEndedAsync(SubmissionRecord record, SubmissionProgress progress, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_sent.TryGetValue(record.JobId, out var sentAt) && now - sentAt < ResendAfter)
            return;
        var job = await statuses.TryReadJobAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        var unended = record.Images.Where(image => !progress.IsQueued(image.Index) && job?.HasEnded(image.Index) != true).ToList();
        if (job is not null && unended.Count == 0)
        {
            _sent.Remove(record.JobId);
            return;
        }

        var jobs = await sendEndpoints.GetSendEndpoint(QueueNames.JobStateAddress).ConfigureAwait(false);
        // The submitter may have died before it announced the job: the saga learns its operation and size from here.
        await jobs.Send(new JobSubmitted { JobId = record.JobId, Operation = record.Operation, ImageCount = record.Images.Count, SubmittedAt = record.SubmittedAt },
            cancellationToken).ConfigureAwait(false);
        foreach (var image in unended)
        {
            var identity = new ImageIdentity { JobId = record.JobId, ImageId = image.ImageId, Index = image.Index, Count = record.Images.Count };
            await jobs.Send(new ImageFailed { Image = identity, Reason = reason }, cancellationToken).ConfigureAwait(false);
        }

        _sent[record.JobId] = now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its submission will not complete; {Images} images never queued end as failed: {Reason}")]
    static partial void LogEnded(ILogger logger, Guid jobId, int images, string reason);
}
