namespace ImagePipeline.Contracts;

/// <summary>Every image of a job has ended, done or failed.</summary>
public sealed record JobCompleted
{
    public required Guid JobId { get; init; }
    public required int ImagesFailed { get; init; }
}
