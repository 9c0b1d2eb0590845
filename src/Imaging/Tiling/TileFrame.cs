namespace ImagePipeline.Imaging.Tiling;

/// <summary>
/// Where a tile being processed sits: its index in the grid, its core in image coordinates, and where
/// that core lies inside the pixels the tile holds (its source, halo included).
/// </summary>
public sealed record TileFrame(int TileIndex, PixelRect Core, PixelRect CoreWithinSource)
{
    /// <summary>The frame of an image processed whole, as one tile.</summary>
    public static TileFrame Whole(int width, int height) => new(0, new PixelRect(0, 0, width, height), new PixelRect(0, 0, width, height));

    public static TileFrame Of(TileSpec tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return new TileFrame(tile.Index, tile.Core, tile.CoreWithinSource);
    }
}
