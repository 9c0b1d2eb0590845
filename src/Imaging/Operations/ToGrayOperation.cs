using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)</c>.</summary>
internal sealed class ToGrayOperation : IImageOperation
{
    public string Name => "to_gray";

    public string Description => "Grayscale: Cv2.CvtColor with BGR2GRAY (1-channel result).";

    public int Halo => 0;

    public bool IsGlobal => false;

    public bool ProducesGray => true;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.CvtColor(bgr, result, ColorConversionCodes.BGR2GRAY);
        return result;
    }
}
