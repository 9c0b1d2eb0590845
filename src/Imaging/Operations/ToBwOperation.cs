using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.threshold(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), 127, 255, cv2.THRESH_BINARY)</c>.</summary>
internal sealed class ToBwOperation : IImageOperation
{
    public string Name => "to_bw";

    public string Description => "Black and white: Cv2.CvtColor BGR2GRAY, then Cv2.Threshold 127 -> 255, Binary (1-channel result).";

    public int Halo => 0;

    public bool IsGlobal => false;

    public bool ProducesGray => true;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        var result = new Mat();
        Cv2.Threshold(gray, result, 127, 255, ThresholdTypes.Binary);
        return result;
    }
}
