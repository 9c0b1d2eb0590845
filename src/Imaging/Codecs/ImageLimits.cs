using System.Globalization;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>Refuses images too large to decode safely, from their header alone.</summary>
public static class ImageLimits
{
    /// <exception cref="InvalidImageException">The image has more than <paramref name="maxPixels"/> pixels.</exception>
    public static void EnsureWithin(ImageHeader header, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        if (header.PixelCount > maxPixels)
        {
            throw new InvalidImageException(string.Create(
                CultureInfo.InvariantCulture,
                $"image is {header.Width} x {header.Height} = {header.PixelCount} pixels, above the limit of {maxPixels}"));
        }
    }
}
