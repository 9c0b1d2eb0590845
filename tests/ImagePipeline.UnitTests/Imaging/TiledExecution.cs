using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>Plans, processes and assembles tiles in one process: the reference the distributed pipeline must match.</summary>
public static class TiledExecution
{
    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="image"/> tile by tile, exactly as workers would
    /// (every pass of a chain with global steps, statistics reduced between passes), and returns the
    /// assembled result. Operations that must see whole images run on the whole image, as one message would.
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
        var passes = operation is OperationChain chain && chain.Passes.Count > 1 ? chain.Passes : null;
        var parameters = new List<byte[]>();
        if (passes is not null)
        {
            var grid = TileGrid.Of(image.Width, image.Height, tileSize, tiles);
            for (var pass = 0; pass < passes.Count - 1; pass++)
            {
                var statistics = tiles.Select(tile =>
                {
                    using var source = CutSource(image, tile);
                    return passes.Gather(source, pass, parameters, TileFrame.Of(tile, image.Width, image.Height));
                }).ToArray();
                parameters.Add(passes.Reduce(pass, statistics, grid));
            }
        }

        var canvas = new TileCanvas(image.Width, image.Height, operation.ProducesGray ? 1 : 3);
        try
        {
            foreach (var tile in tiles)
            {
                using var source = CutSource(image, tile);
                using var core = passes is null
                    ? TileProcessing.Process(source, tile.CoreWithinSource, operation)
                    : TileProcessing.Process(source, TileFrame.Of(tile, image.Width, image.Height), passes, parameters);
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

    // Cut as a standalone copy, as a worker receives it.
    static Mat CutSource(Mat image, TileSpec tile)
    {
        using var view = new Mat(image, TileProcessing.ToRect(tile.Source));
        return view.Clone();
    }
}
