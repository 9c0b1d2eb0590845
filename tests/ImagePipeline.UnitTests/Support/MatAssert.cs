using OpenCvSharp;

namespace ImagePipeline.UnitTests.Support;

public static class MatAssert
{
    /// <summary>Same size, same type, and not one differing value in any channel.</summary>
    public static void Identical(Mat expected, Mat actual)
    {
        Assert.False(actual.Empty(), "the actual image is empty");
        Assert.Equal(expected.Size(), actual.Size());
        Assert.Equal(expected.Type(), actual.Type());
        using var difference = new Mat();
        Cv2.Absdiff(expected, actual, difference);
        using var flat = difference.Reshape(1);
        Assert.True(Cv2.CountNonZero(flat) == 0, $"{Cv2.CountNonZero(flat)} channel values differ");
    }
}
