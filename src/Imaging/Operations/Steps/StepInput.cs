using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>Helpers for the two input shapes every step accepts: 8-bit gray and 8-bit BGR.</summary>
internal static class StepInput
{
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static void Ensure(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var type = image.Type();
        if (image.Empty() || (type != MatType.CV_8UC1 && type != MatType.CV_8UC3))
            throw new ArgumentException($"Expected a non-empty 8-bit image with 1 or 3 channels, got {image.Width} x {image.Height} of type {type}.", nameof(image));
    }

    /// <summary>A new gray image: converted with BGR2GRAY from colour, copied from gray.</summary>
    public static Mat ToGray(Mat image)
    {
        Ensure(image);
        var gray = new Mat();
        if (image.Channels() == 3)
            Cv2.CvtColor(image, gray, ColorConversionCodes.BGR2GRAY);
        else
            image.CopyTo(gray);
        return gray;
    }

    /// <summary>Runs <paramref name="filter"/> into a new image.</summary>
    public static Mat Filter(Mat image, Action<Mat, Mat> filter)
    {
        Ensure(image);
        var result = new Mat();
        try
        {
            filter(image, result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>A new image of the first channel of <paramref name="image"/> converted with <paramref name="toSpace"/> (gray: a copy).</summary>
    public static Mat FirstChannel(Mat image, ColorConversionCodes toSpace)
    {
        Ensure(image);
        if (image.Channels() == 1)
            return image.Clone();
        using var converted = new Mat();
        Cv2.CvtColor(image, converted, toSpace);
        return converted.ExtractChannel(0);
    }

    /// <summary>
    /// Runs <paramref name="transform"/> on gray images directly, and on colour ones on the first channel
    /// of the image converted with <paramref name="toSpace"/> (lightness, luma), converting back with
    /// <paramref name="fromSpace"/>: the other channels, and so the hues, stay as they were.
    /// </summary>
    public static Mat OnFirstChannel(Mat image, ColorConversionCodes toSpace, ColorConversionCodes fromSpace, Action<Mat, Mat> transform)
    {
        if (image.Channels() == 1)
            return Filter(image, transform);

        using var converted = new Mat();
        Cv2.CvtColor(image, converted, toSpace);
        var planes = Cv2.Split(converted);
        try
        {
            using var transformed = new Mat();
            transform(planes[0], transformed);
            transformed.CopyTo(planes[0]);
            Cv2.Merge(planes, converted);
        }
        finally
        {
            foreach (var plane in planes)
                plane.Dispose();
        }

        return Filter(converted, (src, dst) => Cv2.CvtColor(src, dst, fromSpace));
    }
}
