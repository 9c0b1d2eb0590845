using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.medianBlur(image, 5)</c>.</summary>
internal sealed class MedianOperation : IImageOperation
{
    public string Name => "median";

    public string Description => "Median blur: Cv2.MedianBlur with a 5x5 aperture.";

    public int Halo => 2;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.MedianBlur(bgr, result, 5);
        return result;
    }
}
