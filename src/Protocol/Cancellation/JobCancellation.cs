using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Cancellation;

/// <summary>
/// Cancelling a job is one marker blob, <c>jobs/&lt;id&gt;/cancelled</c>: the tile worker and the assembler
/// check it before doing any work, so queued tiles are drained without processing or writing, and each
/// image ends as failed with <see cref="Reason"/>. No message ordering or extra queue is involved.
/// </summary>
public static class JobCancellation
{
    public const string Reason = "cancelled";

    public static string MarkerKey(Guid jobId) => $"jobs/{jobId:N}/cancelled";

    public static Task CancelAsync(IBlobStore blobs, Guid jobId, CancellationToken cancellationToken) =>
        blobs.WriteMarkerAsync(MarkerKey(jobId), cancellationToken);

    public static Task<bool> IsCancelledAsync(IBlobStore blobs, Guid jobId, CancellationToken cancellationToken) =>
        blobs.ExistsAsync(MarkerKey(jobId), cancellationToken);

    /// <exception cref="JobCancelledException">The job has been cancelled.</exception>
    public static async Task ThrowIfCancelledAsync(IBlobStore blobs, Guid jobId, CancellationToken cancellationToken)
    {
        if (await IsCancelledAsync(blobs, jobId, cancellationToken).ConfigureAwait(false))
            throw new JobCancelledException(jobId);
    }
}
