namespace ImagePipeline.Contracts;

/// <summary>A tile cannot be processed, ever (corrupt input, unknown operation): its image fails with <see cref="Reason"/>.</summary>
public sealed record TileFailed
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required int TileIndex { get; init; }
    public required string Reason { get; init; }

    /// <summary>The image's tile grid; absent in older messages.</summary>
    public ImageGeometry? Geometry { get; init; }

    /// <summary>The image was processed whole (nothing of it is stored but its source); absent in older messages.</summary>
    public bool IsWholeImage { get; init; }
}
