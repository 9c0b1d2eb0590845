using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Cancellation;

/// <summary>
/// Cancelling a job is one marker blob (<see cref="StoreLayout.CancelMarker"/>): the tile worker and the assembler
/// check it before doing any work, so queued tiles are drained without processing or writing, and each image ends
/// as failed with <see cref="Reason"/>. No message ordering or extra queue is involved.
/// </summary>
public sealed class JobCancellation(IBlobStore blobs)
{
    public const string Reason = "cancelled";

    public Task CancelAsync(Guid jobId, CancellationToken cancellationToken) =>
        blobs.WriteMarkerAsync(StoreLayout.CancelMarker(jobId), cancellationToken);

    public Task<bool> IsCancelledAsync(Guid jobId, CancellationToken cancellationToken) =>
        blobs.ExistsAsync(StoreLayout.CancelMarker(jobId), cancellationToken);

    /// <exception cref="JobCancelledException">The job has been cancelled.</exception>
    public async Task ThrowIfCancelledAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false))
            throw new JobCancelledException(jobId);
    }
}
