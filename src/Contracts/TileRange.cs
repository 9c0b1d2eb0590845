namespace ImagePipeline.Contracts;

/// <summary>Consecutive tiles of an image, by index: what one tile command covers.</summary>
public sealed record TileRange
{
    public required int First { get; init; }
    public required int Count { get; init; }
}
