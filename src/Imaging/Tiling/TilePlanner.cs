namespace ImagePipeline.Imaging.Tiling;

/// <summary>Cuts an image into a grid of tiles with halos.</summary>
public static class TilePlanner
{
    /// <summary>
    /// Plans a row-major grid of <paramref name="tileSize"/>-square cores (smaller at the right and
    /// bottom edges) covering a <paramref name="width"/> x <paramref name="height"/> image, each with a source
    /// grown by <paramref name="halo"/> pixels on every side and clipped to the image.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the halo is negative, or the grid would have more tiles than a list can hold.</exception>
    public static IReadOnlyList<TileSpec> Plan(int width, int height, int tileSize, int halo)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);
        ArgumentOutOfRangeException.ThrowIfNegative(halo);

        var columns = CeilingDivide(width, tileSize);
        var rows = CeilingDivide(height, tileSize);
        if ((long)columns * rows > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, $"A {width} x {height} image in tiles of {tileSize} would need {(long)columns * rows} tiles.");
        }

        var tiles = new TileSpec[columns * rows];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var core = Clip(column * tileSize, row * tileSize, tileSize, tileSize, width, height);
                // long arithmetic: the halo may be as large as int allows.
                var source = Clip(core.X - (long)halo, core.Y - (long)halo, core.Width + 2L * halo, core.Height + 2L * halo, width, height);
                var index = row * columns + column;
                tiles[index] = new TileSpec(index, core, source);
            }
        }

        return Array.AsReadOnly(tiles);
    }

    private static int CeilingDivide(int value, int divisor) => (int)(((long)value + divisor - 1) / divisor);

    private static PixelRect Clip(long x, long y, long width, long height, int imageWidth, int imageHeight)
    {
        var left = Math.Max(0, x);
        var top = Math.Max(0, y);
        var right = Math.Min(imageWidth, x + width);
        var bottom = Math.Min(imageHeight, y + height);
        return new PixelRect((int)left, (int)top, (int)(right - left), (int)(bottom - top));
    }
}
