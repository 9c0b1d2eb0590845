using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Progress;

/// <summary>
/// Reads a job's progress straight from the blob store (its manifest and the status its sagas publish), so
/// status works from any machine and even while no saga host is running.
/// </summary>
public sealed class JobStatusReader(IBlobStore blobs, StatusDocuments statuses)
{
    /// <summary>
    /// The job's manifest, or while its submission has not completed, what its submission record says
    /// (<see cref="JobManifest.FromSubmission"/>); null when the job is unknown.
    /// </summary>
    public async Task<JobManifest?> TryReadManifestAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryReadVersionedAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false);
        if (blob is not null)
            return JsonSerializer.Deserialize<JobManifest>(blob.Content, JobManifestJson.Options);
        var submissions = new SubmissionRecords(blobs);
        if (await submissions.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } record)
            return null;
        return JobManifest.FromSubmission(record, (await submissions.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false))?.Value);
    }

    public async Task<JobProgress?> TryReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var manifest = await TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
        return manifest is null ? null : await ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobProgress> ReadAsync(JobManifest manifest, CancellationToken cancellationToken)
    {
        var job = await statuses.TryReadJobAsync(manifest.JobId, cancellationToken).ConfigureAwait(false);
        var images = new ImageProgress[manifest.Images.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(manifest.Images, parallelism, async (image, token) =>
            images[image.Index] = await ReadImageAsync(image, job, token).ConfigureAwait(false)).ConfigureAwait(false);

        return new JobProgress
        {
            JobId = manifest.JobId, Operation = manifest.Operation, SubmittedAt = manifest.SubmittedAt, Images = images, Unfinished = manifest.Unfinished,
        };
    }

    async Task<ImageProgress> ReadImageAsync(ManifestImage image, JobStatus? job, CancellationToken cancellationToken)
    {
        if (image.RejectedReason is { } rejected)
            return Progress(image, ImageOutcome.Failed, 0, rejected);

        // The job saga knows every image that has ended; only the others need their own status read.
        if (job is not null && job.HasEnded(image.Index))
        {
            return job.FailureReasons.TryGetValue(image.Index, out var reason)
                ? Progress(image, ImageOutcome.Failed, 0, reason)
                : Progress(image, ImageOutcome.Done, image.TileCount * image.Passes, null);
        }

        // An image of one tile in one pass has no status worth a request: its saga records it only as it
        // ends (or, tiled, while it is assembled), and the job saga learns that moments later. Skipping
        // the read keeps `submit --wait` on a batch of thousands from polling thousands of blobs a second.
        if (image.TileCount * image.Passes <= 1)
            return Progress(image, ImageOutcome.Queued, 0, null);

        var status = await statuses.TryReadImageAsync(image.ImageId, cancellationToken).ConfigureAwait(false);
        if (status is null)
            return Progress(image, ImageOutcome.Queued, 0, null);

        var outcome = status.Phase switch
        {
            ImagePhase.Done => ImageOutcome.Done,
            ImagePhase.Failed => ImageOutcome.Failed,
            ImagePhase.Assembling => ImageOutcome.Assembling,
            _ => ImageOutcome.Processing,
        };
        // Tiles of passes already reduced count as done: progress runs once over tiles x passes.
        return Progress(image, outcome, status.Pass * image.TileCount + status.TilesDone, status.FailureReason) with { WaitingOn = status.WaitingOn };
    }

    static ImageProgress Progress(ManifestImage image, ImageOutcome outcome, int tilesDone, string? reason) => new()
    {
        Index = image.Index,
        SourceName = image.SourceName,
        OutputName = image.OutputName,
        Outcome = outcome,
        TilesDone = tilesDone,
        TileCount = image.TileCount * image.Passes,
        FailureReason = reason,
    };
}
