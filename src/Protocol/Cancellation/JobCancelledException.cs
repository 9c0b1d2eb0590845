namespace ImagePipeline.Protocol.Cancellation;

/// <summary>The job was cancelled: its remaining work is dropped, never retried. The message is the reason users see.</summary>
public sealed class JobCancelledException(Guid jobId) : Exception(JobCancellation.Reason)
{
    public Guid JobId { get; } = jobId;
}
