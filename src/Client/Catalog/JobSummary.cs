namespace ImagePipeline.Client.Catalog;

/// <summary>One line of <c>imagepipe jobs</c>: a job's state from its saga, without reading its images.</summary>
public sealed record JobSummary
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required int ImageCount { get; init; }
    public required int Done { get; init; }
    public required int Failed { get; init; }

    /// <summary>One of <see cref="JobStateNames"/>: running, done, failed (some images failed), cancelling or cancelled.</summary>
    public required string State { get; init; }
}
