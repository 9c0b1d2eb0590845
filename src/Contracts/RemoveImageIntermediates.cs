namespace ImagePipeline.Contracts;

/// <summary>
/// Command: the image failed (or its job was cancelled) while tiled; remove what its tiles left in the
/// store (input tiles, statistics, parameters, staged results), as assembly does for an image that
/// succeeds. Sent again for each tile that stores a result after the failure.
/// </summary>
public sealed record RemoveImageIntermediates
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }

    /// <summary>How many tiles the image was cut into: its results blob has a part for each.</summary>
    public required int TileCount { get; init; }
}
