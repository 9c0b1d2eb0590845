using ImagePipeline.Protocol.Status;

namespace ImagePipeline.Protocol.Submission;

/// <summary>
/// How far a submission got (<see cref="Layout.StoreLayout.SubmissionProgress"/>): rewritten by its submitter every
/// <see cref="HeartbeatInterval"/> with the images queued so far, and marked ended by the saga host when the submission
/// was cancelled or its submitter fell silent. Every rewrite is conditional, so neither overwrites the other.
/// </summary>
public sealed record SubmissionProgress
{
    /// <summary>How often a live submitter rewrites its progress; one that stays unchanged much longer has stopped.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    public required Guid JobId { get; init; }

    /// <summary>
    /// Which submitter writes it: a new one for each run of <c>submit</c>, so a submitter whose submission was taken over
    /// (<c>submit --resume</c>) sees that it no longer owns it and stops.
    /// </summary>
    public Guid SubmitterId { get; init; }

    /// <summary>When the submitter last wrote it (its clock): said to users, never compared across machines.</summary>
    public DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>The images whose tiles (or end) the submitter had sent when it last wrote (<see cref="IndexSet"/>).</summary>
    public byte[] QueuedBits { get; init; } = [];

    /// <summary>Set once the saga host has ended the images that were never queued, with the reason it gave them.</summary>
    public string? EndedReason { get; init; }

    /// <summary>
    /// Set by the saga host before it removes the job (<see cref="ProcessingOptions.AbandonedJobRetentionSeconds"/>): from
    /// then on parts of it may be gone, so nothing is sent for it again and each look only carries on removing.
    /// </summary>
    public bool Collecting { get; init; }

    public bool IsQueued(int imageIndex) => IndexSet.Contains(QueuedBits, imageIndex);
}
