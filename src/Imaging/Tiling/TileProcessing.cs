using ImagePipeline.Imaging.Operations;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Tiling;

/// <summary>The worker's half of tiling: process one source tile and keep only its core.</summary>
public static class TileProcessing
{
    /// <summary>
    /// Applies <paramref name="operation"/> to <paramref name="source"/> (a tile's source region, halo included)
    /// and returns a new, standalone image of the part at <paramref name="coreWithinSource"/>.
    /// </summary>
    /// <remarks>Only exact for non-global operations; global ones must be given the whole image as the source.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The core does not lie within the source.</exception>
    public static Mat Process(Mat source, PixelRect coreWithinSource, IImageOperation operation)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(operation);
        if (!Fits(coreWithinSource, source.Width, source.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(coreWithinSource), coreWithinSource, $"The core must lie within the {source.Width} x {source.Height} source.");
        }

        // A view into a larger image would let some filters (GaussianBlur) read past the view's edge
        // instead of using the border rule, so results would depend on how the caller cut the tile.
        using var standalone = source.IsSubmatrix() ? source.Clone() : null;
        using var processed = operation.Apply(standalone ?? source);
        using var core = new Mat(processed, ToRect(coreWithinSource));
        return core.Clone();
    }

    /// <summary>
    /// The last pass of a chain with global steps: applies every step to <paramref name="source"/> (a tile's
    /// source region, halo included), the global ones with their reduced <paramref name="parameters"/>, and
    /// returns a new, standalone image of the frame's core.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The core does not lie within the source.</exception>
    public static Mat Process(Mat source, TileFrame frame, ChainPasses passes, IReadOnlyList<byte[]> parameters)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(passes);
        if (!Fits(frame.CoreWithinSource, source.Width, source.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The core must lie within the {source.Width} x {source.Height} source.");
        }

        using var standalone = source.IsSubmatrix() ? source.Clone() : null;
        using var processed = passes.Apply(standalone ?? source, parameters, frame);
        using var core = new Mat(processed, ToRect(frame.CoreWithinSource));
        return core.Clone();
    }

    internal static bool Fits(PixelRect rect, int width, int height) =>
        rect.Width > 0 && rect.Height > 0 && rect.X >= 0 && rect.Y >= 0 && rect.Right <= width && rect.Bottom <= height;

    internal static Rect ToRect(PixelRect rect) => new(rect.X, rect.Y, rect.Width, rect.Height);
}
