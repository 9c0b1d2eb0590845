namespace ImagePipeline.Imaging.Tiling;

/// <summary>The cores of an image's tile grid, row-major, and who neighbours whom: what a reduction of per-tile statistics needs to know.</summary>
public sealed class TileGrid
{
    TileGrid(int width, int height, int tileSize, IReadOnlyList<TileSpec> tiles)
    {
        Width = width;
        Height = height;
        Columns = (int)(((long)width + tileSize - 1) / tileSize);
        Rows = (int)(((long)height + tileSize - 1) / tileSize);
        Cores = tiles.Select(t => t.Core).ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>Each tile's core in image coordinates, by tile index.</summary>
    public IReadOnlyList<PixelRect> Cores { get; }

    public int Count => Cores.Count;

    /// <summary>The grid of a plan already made (with any halo: the cores are the same).</summary>
    public static TileGrid Of(int width, int height, int tileSize, IReadOnlyList<TileSpec> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        return new(width, height, tileSize, tiles);
    }

    /// <summary>The index of the tile at <paramref name="column"/>, <paramref name="row"/>, or -1 outside the grid.</summary>
    public int IndexAt(int column, int row) =>
        column < 0 || row < 0 || column >= Columns || row >= Rows ? -1 : row * Columns + column;
}
