namespace ImagePipeline.Imaging.Tiling;

/// <summary>Cuts an image into a grid of tiles with halos.</summary>
public static class TilePlanner
{
    /// <summary>
    /// Plans a row-major grid of <paramref name="tileSize"/>-square cores (smaller at the right and
    /// bottom edges) covering a <paramref name="width"/> x <paramref name="height"/> image, each with a source
    /// grown by <paramref name="halo"/> pixels on every side and clipped to the image.
    /// </summary>
    public static IReadOnlyList<TileSpec> Plan(int width, int height, int tileSize, int halo) => throw new NotImplementedException();
}
