using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>
/// A global step that can still run tile by tile, exactly, in two passes: every tile gathers statistics of
/// the step's input over its core; one reduction turns all of them into parameters (a lookup table, a
/// threshold, which edge pieces connect); then every tile applies the step with those parameters.
/// </summary>
/// <remarks>
/// <see cref="IImageStep.Apply"/> stays the whole-image reference; the tiled pass must give the same pixels on every core.
/// Statistics and parameters are opaque bytes to the pipeline, stored as blobs between the passes.
/// </remarks>
public interface ISplittableStep : IImageStep
{
    /// <summary>
    /// True when the tiled pass is exact on the core only, not on the halo around it (edge hysteresis
    /// knows its own core's pieces): then no later step of the chain may read a neighbourhood.
    /// </summary>
    bool ExactOnCoreOnly { get; }

    /// <summary>Statistics of <paramref name="input"/> (the step's input over the tile's source) on the frame's core.</summary>
    byte[] Gather(Mat input, TileFrame frame);

    /// <summary>Every tile's statistics, by tile index, reduced to the parameters every tile applies.</summary>
    byte[] Reduce(IReadOnlyList<byte[]> statistics, TileGrid grid);

    /// <summary>Applies the step to <paramref name="input"/> (the tile's source) with reduced <paramref name="parameters"/>.</summary>
    Mat ApplyWith(Mat input, ReadOnlySpan<byte> parameters, TileFrame frame);
}
