using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Progress;

/// <summary>
/// Reads a job's progress straight from the blob store (manifest and saga state), so status works
/// from any machine and even while no saga host is running.
/// </summary>
public sealed class JobStatusReader(IBlobStore blobs)
{
    readonly SagaStateStore<JobState> _jobs = new(blobs);
    readonly SagaStateStore<ImageState> _images = new(blobs);

    /// <summary>Null when no manifest exists: the job is unknown, or still being submitted.</summary>
    public async Task<JobManifest?> TryReadManifestAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryReadVersionedAsync(JobKeys.Manifest(jobId), cancellationToken).ConfigureAwait(false);
        return blob is null ? null : JsonSerializer.Deserialize<JobManifest>(blob.Content, JobManifestJson.Options);
    }

    public async Task<JobProgress?> TryReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var manifest = await TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
        return manifest is null ? null : await ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobProgress> ReadAsync(JobManifest manifest, CancellationToken cancellationToken)
    {
        var job = (await _jobs.TryLoadAsync(manifest.JobId, cancellationToken).ConfigureAwait(false))?.Saga;
        var images = new ImageProgress[manifest.Images.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(manifest.Images, parallelism, async (image, token) =>
            images[image.Index] = await ReadImageAsync(image, job, token).ConfigureAwait(false)).ConfigureAwait(false);

        return new JobProgress { JobId = manifest.JobId, Operation = manifest.Operation, SubmittedAt = manifest.SubmittedAt, Images = images };
    }

    async Task<ImageProgress> ReadImageAsync(ManifestImage image, JobState? job, CancellationToken cancellationToken)
    {
        if (image.RejectedReason is { } rejected)
            return Progress(image, ImageOutcome.Failed, 0, rejected);

        // The job saga knows every image that has ended; only the others need their own state read.
        if (job is not null && IndexSet.Contains(job.EndedBits, image.Index))
        {
            return job.FailureReasons.TryGetValue(image.Index, out var reason)
                ? Progress(image, ImageOutcome.Failed, 0, reason)
                : Progress(image, ImageOutcome.Done, image.TileCount * image.Passes, null);
        }

        // An image of one tile in one pass has no state worth a request: its saga records it only as it
        // ends (or, tiled, while it is assembled), and the job saga learns that moments later. Skipping
        // the read keeps `submit --wait` on a batch of thousands from polling thousands of blobs a second.
        if (image.TileCount * image.Passes <= 1)
            return Progress(image, ImageOutcome.Queued, 0, null);

        var state = (await _images.TryLoadAsync(image.ImageId, cancellationToken).ConfigureAwait(false))?.Saga;
        if (state is null)
            return Progress(image, ImageOutcome.Queued, 0, null);

        var outcome = state.CurrentState switch
        {
            nameof(ImageStateMachine.Completed) => ImageOutcome.Done,
            nameof(ImageStateMachine.Failed) => ImageOutcome.Failed,
            nameof(ImageStateMachine.Assembling) => ImageOutcome.Assembling,
            _ => ImageOutcome.Processing,
        };
        // Tiles of passes already reduced count as done: progress runs once over tiles x passes.
        return Progress(image, outcome, state.Pass * image.TileCount + state.TilesDone, state.FailureReason);
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
