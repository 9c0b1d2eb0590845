namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>
/// How OpenCV's CLAHE divides an image into its grid of regions: when the size does not divide evenly,
/// it extends the image at the right and bottom by mirroring (reflect-101, by the grid size minus the
/// remainder, a whole grid size when only the other side has one), and the regions are fractions of that
/// extended image. Tiles need the same arithmetic to count each pixel into the right region.
/// </summary>
internal sealed class ClaheLayout
{
    ClaheLayout(int width, int height, int grid)
    {
        Width = width;
        Height = height;
        Grid = grid;
        var padded = width % grid != 0 || height % grid != 0;
        ExtendedWidth = padded ? width + grid - width % grid : width;
        ExtendedHeight = padded ? height + grid - height % grid : height;
        RegionWidth = ExtendedWidth / grid;
        RegionHeight = ExtendedHeight / grid;
    }

    public int Width { get; }

    public int Height { get; }

    public int Grid { get; }

    public int ExtendedWidth { get; }

    public int ExtendedHeight { get; }

    public int RegionWidth { get; }

    public int RegionHeight { get; }

    public int RegionCount => Grid * Grid;

    public int RegionArea => RegionWidth * RegionHeight;

    public static ClaheLayout For(int width, int height, int grid) => new(width, height, grid);

    /// <summary>The extended image's columns (or rows) whose pixels come from image columns <paramref name="from"/> to <paramref name="to"/> (exclusive), each with its image column.</summary>
    public static IEnumerable<(int Extended, int Image)> Mirrored(int from, int to, int length, int extendedLength)
    {
        for (var extended = 0; extended < extendedLength; extended++)
        {
            var image = extended < length ? extended : Reflect101(extended, length);
            if (image >= from && image < to)
                yield return (extended, image);
        }
    }

    // OpenCV's borderInterpolate for BORDER_REFLECT_101.
    static int Reflect101(int position, int length)
    {
        if (length == 1)
            return 0;
        while (position < 0 || position >= length)
            position = position < 0 ? -position : 2 * length - position - 2;
        return position;
    }
}
