namespace ImagePipeline.Imaging.Tiling;

/// <summary>
/// Where a tile being processed sits: its index in the grid, its core in image coordinates, where that
/// core lies inside the pixels it holds (its source, halo included), and the whole image's size.
/// </summary>
public sealed record TileFrame(int TileIndex, PixelRect Core, PixelRect CoreWithinSource, int ImageWidth, int ImageHeight)
{
    public static TileFrame Of(TileSpec tile, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return new TileFrame(tile.Index, tile.Core, tile.CoreWithinSource, imageWidth, imageHeight);
    }

    /// <summary>The image coordinates of the source's top-left pixel.</summary>
    public int SourceX => Core.X - CoreWithinSource.X;

    public int SourceY => Core.Y - CoreWithinSource.Y;
}
