namespace ImagePipeline.Contracts;

/// <summary>A rectangle of pixels; used for the part of a tile's input that its output keeps.</summary>
public sealed record TileRegion
{
    public required int X { get; init; }
    public required int Y { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
}
