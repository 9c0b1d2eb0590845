namespace ImagePipeline.Contracts;

/// <summary>A job's inputs and manifest are stored and its tiles are being queued.</summary>
public sealed record JobSubmitted
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required int ImageCount { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}
