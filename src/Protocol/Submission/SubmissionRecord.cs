using ImagePipeline.Protocol.Status;

namespace ImagePipeline.Protocol.Submission;

/// <summary>
/// A job whose submission has not completed (<see cref="Layout.StoreLayout.Submission"/>). The submitter writes it
/// before it announces the job or stores any input, rewrites it every <see cref="HeartbeatInterval"/> while it stores
/// and queues, and removes it once the manifest is written. Left behind by a submitter that died, it is how status,
/// cancel and download still find the job, and how the saga host learns which images will never be queued.
/// </summary>
public sealed record SubmissionRecord
{
    /// <summary>How often a live submitter rewrites its record; one that stays unchanged much longer has stopped.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required IReadOnlyList<SubmissionImage> Images { get; init; }

    /// <summary>When the submitter last wrote the record (its clock): said to users, never compared across machines.</summary>
    public DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>The images whose tiles (or end) the submitter had sent when it last wrote the record (<see cref="IndexSet"/>).</summary>
    public byte[] QueuedBits { get; init; } = [];

    /// <summary>Set once the saga host has ended the images that were never queued, with the reason it gave them.</summary>
    public string? EndedReason { get; init; }

    public bool IsQueued(int imageIndex) => IndexSet.Contains(QueuedBits, imageIndex);
}

/// <summary>One input of a submission, named and placed before anything of it is stored.</summary>
public sealed record SubmissionImage
{
    public required int Index { get; init; }
    public required Guid ImageId { get; init; }
    public required string SourceName { get; init; }
    public required string OutputName { get; init; }
    public required string OutputKey { get; init; }
}
