namespace ImagePipeline.Imaging.Tiling;

/// <summary>Where a tile being processed sits: its index in the grid, and where its core lies inside the pixels it holds (its source, halo included).</summary>
public sealed record TileFrame(int TileIndex, PixelRect CoreWithinSource)
{
    public static TileFrame Of(TileSpec tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return new TileFrame(tile.Index, tile.CoreWithinSource);
    }
}
