namespace ImagePipeline.Contracts;

/// <summary>
/// The size of an image and the tile grid it was cut into: enough for the assembler to recompute
/// where every tile goes, so no layout blob needs to travel.
/// </summary>
public sealed record ImageGeometry
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int TileSize { get; init; }
    public required int TileCount { get; init; }
}
