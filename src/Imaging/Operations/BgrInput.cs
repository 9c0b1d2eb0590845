using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>Guards the one input shape every operation is defined for.</summary>
internal static class BgrInput
{
    /// <exception cref="ArgumentException">The image is empty or not 8-bit, 3-channel.</exception>
    public static void Ensure(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"Expected a non-empty 8-bit, 3-channel BGR image, got {bgr.Width} x {bgr.Height} of type {bgr.Type()}.", nameof(bgr));
        }
    }
}
