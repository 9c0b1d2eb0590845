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

    /// <summary><c>running</c>, <c>done</c>, <c>failed</c> (some images failed), <c>cancelled</c> or <c>cancelling</c>.</summary>
    public required string State { get; init; }
}
