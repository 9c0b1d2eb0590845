namespace ImagePipeline.Protocol.Submission;

/// <summary>
/// A job whose submission has not completed (<see cref="Layout.StoreLayout.Submission"/>): what it submits, written once by
/// the submitter before it announces the job or stores any input, and removed once the manifest is written. Left behind
/// by a submitter that died, it is how status, cancel and download still find the job. How far the submission got is
/// in its <see cref="SubmissionProgress"/>, a small blob rewritten as a heartbeat, so the image list is written once.
/// </summary>
public sealed record SubmissionRecord
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The largest tile its images are cut into: a resumed submission cuts the rest the same way.</summary>
    public int TileSize { get; init; }

    public required IReadOnlyList<SubmissionImage> Images { get; init; }
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
