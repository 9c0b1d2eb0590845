namespace ImagePipeline.Contracts;

/// <summary>An image's output is stored under <see cref="OutputKey"/>.</summary>
public sealed record ImageCompleted
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required string OutputKey { get; init; }
}
