using OpenCvSharp;

namespace ImagePipeline.Imaging.Tiling;

/// <summary>The assembler's half of tiling: an output image that processed tile cores are pasted into.</summary>
public sealed class TileCanvas
{
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or channels is neither 1 nor 3.</exception>
    public TileCanvas(int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 or 3.");
        }

        // Zeroed so that a missing tile shows as black rather than as leftover memory.
        Image = new Mat(height, width, MatType.CV_8UC(channels), Scalar.All(0));
    }

    /// <summary>The assembled image; the caller owns it and disposes it when done.</summary>
    public Mat Image { get; }

    /// <summary>Copies <paramref name="tile"/> into the canvas at <paramref name="core"/>.</summary>
    /// <exception cref="ArgumentException">The tile's size or type does not match the core and canvas, or the core is outside the canvas.</exception>
    public void Paste(PixelRect core, Mat tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        if (!TileProcessing.Fits(core, Image.Width, Image.Height))
        {
            throw new ArgumentException($"Core {core} is outside the {Image.Width} x {Image.Height} canvas.", nameof(core));
        }

        if (tile.Width != core.Width || tile.Height != core.Height || tile.Type() != Image.Type())
        {
            throw new ArgumentException($"Tile is {tile.Width} x {tile.Height} {tile.Type()}, expected {core.Width} x {core.Height} {Image.Type()}.", nameof(tile));
        }

        using var target = new Mat(Image, TileProcessing.ToRect(core));
        tile.CopyTo(target);
    }
}
