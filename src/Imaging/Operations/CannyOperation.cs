using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.Canny(image, 100, 200)</c>, given the BGR image as the seed does.</summary>
internal sealed class CannyOperation : IImageOperation
{
    public string Name => "canny";

    public string Description => "Edge detection: Cv2.Canny with thresholds 100 and 200 on the colour image (1-channel result); processes each image whole.";

    // Hysteresis follows edges across the whole image, so no halo makes tiles exact.
    public int Halo => 0;

    public bool IsGlobal => true;

    public bool ProducesGray => true;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        // Not converted to gray first: on 3 channels OpenCV takes, per pixel, the Sobel gradient of
        // the channel with the largest magnitude, which is what the seed gets.
        Cv2.Canny(bgr, result, 100, 200);
        return result;
    }
}
