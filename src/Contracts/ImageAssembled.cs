namespace ImagePipeline.Contracts;

/// <summary>The output file of a tiled image is stored.</summary>
public sealed record ImageAssembled
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required string OutputKey { get; init; }
}
