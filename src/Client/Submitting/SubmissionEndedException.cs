namespace ImagePipeline.Client.Submitting;

/// <summary>The saga host ended the job while it was being submitted (it was cancelled); the message says why, in words for the user.</summary>
public sealed class SubmissionEndedException(Guid jobId, string reason)
    : Exception($"Job {jobId} was ended while it was being submitted ({reason}); the images not yet queued were not submitted.")
{
    public Guid JobId { get; } = jobId;
}
