namespace ImagePipeline.Client.Submitting;

/// <summary>Why <c>submit --resume</c> refused a job; nothing was stored or queued.</summary>
public enum ResumeRefusal
{
    UnknownJob,

    /// <summary>Its submission completed, or the job ended (cancelled, or its submitter taken for dead).</summary>
    Ended,

    /// <summary>Its submitter is alive: its progress moved while the resume looked.</summary>
    StillSubmitted,

    InputsDiffer,
}

/// <summary>The submission cannot be resumed; the message says why, in words for the user.</summary>
public sealed class SubmissionNotResumableException(ResumeRefusal refusal, string message) : Exception(message)
{
    public ResumeRefusal Refusal { get; } = refusal;
}
