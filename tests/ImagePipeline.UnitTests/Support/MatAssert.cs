using OpenCvSharp;

namespace ImagePipeline.UnitTests.Support;

/// <summary>Pixel-for-pixel comparisons of images, over every channel.</summary>
public static class MatAssert
{
    /// <summary>Same size, same type, and not one differing value in any channel.</summary>
    public static void Identical(Mat expected, Mat actual) => Within(expected, actual, 0);

    /// <summary>Same size and type, and no channel value differing by more than <paramref name="tolerance"/>.</summary>
    public static void Within(Mat expected, Mat actual, int tolerance)
    {
        Assert.False(actual.Empty(), "the actual image is empty");
        Assert.Equal(expected.Size(), actual.Size());
        Assert.Equal(expected.Type(), actual.Type());
        using var difference = new Mat();
        Cv2.Absdiff(expected, actual, difference);
        using var values = difference.Reshape(1);
        using var beyond = new Mat();
        Cv2.Compare(values, new Scalar(tolerance), beyond, CmpTypes.GT);
        var count = Cv2.CountNonZero(beyond);
        Cv2.MinMaxLoc(values, out _, out double largest);
        Assert.True(count == 0, $"{count} channel values differ by more than {tolerance} (largest difference {largest}).");
    }
}
