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

    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static TileGrid For(int width, int height, int tileSize) =>
        new(width, height, tileSize, TilePlanner.Plan(width, height, tileSize, halo: 0));

    /// <summary>The grid of a plan already made (with any halo: the cores are the same).</summary>
    public static TileGrid Of(int width, int height, int tileSize, IReadOnlyList<TileSpec> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        return new(width, height, tileSize, tiles);
    }

    /// <summary>The core of tile <paramref name="index"/> in a grid of <paramref name="tileSize"/> over a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static PixelRect CoreOf(int index, int width, int height, int tileSize)
    {
        var columns = (int)(((long)width + tileSize - 1) / tileSize);
        var x = (long)(index % columns) * tileSize;
        var y = (long)(index / columns) * tileSize;
        return new PixelRect((int)x, (int)y, (int)Math.Min(tileSize, width - x), (int)Math.Min(tileSize, height - y));
    }

    /// <summary>The index of the tile at <paramref name="column"/>, <paramref name="row"/>, or -1 outside the grid.</summary>
    public int IndexAt(int column, int row) =>
        column < 0 || row < 0 || column >= Columns || row >= Rows ? -1 : row * Columns + column;
}
