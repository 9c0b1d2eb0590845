using ImagePipeline.Imaging.Operations;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Tiling;

/// <summary>Plans, processes and assembles tiles in one process: the single-machine path, and the reference the distributed one must match.</summary>
public static class TiledExecution
{
    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="image"/> tile by tile, exactly as workers would,
    /// and returns the assembled result. Global and geometric operations are run on the whole image, as one message would.
    /// </summary>
    public static Mat Run(Mat image, IImageOperation operation, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);

        if (operation.IsGlobal)
        {
            // As a worker receives a whole image: standalone, and its result is the output as is (its size may differ).
            using var whole = image.Clone();
            return operation.Apply(whole);
        }

        var tiles = TilePlanner.Plan(image.Width, image.Height, tileSize, operation.Halo);
        var canvas = new TileCanvas(image.Width, image.Height, operation.ProducesGray ? 1 : 3);
        try
        {
            foreach (var tile in tiles)
            {
                // Cut as a standalone copy, as a worker receives it.
                using var view = new Mat(image, TileProcessing.ToRect(tile.Source));
                using var source = view.Clone();
                using var core = TileProcessing.Process(source, tile.CoreWithinSource, operation);
                canvas.Paste(tile.Core, core);
            }

            return canvas.Image;
        }
        catch
        {
            canvas.Image.Dispose();
            throw;
        }
    }
}
