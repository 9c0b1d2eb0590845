using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.bitwise_not(image)</c>.</summary>
internal sealed class InvertOperation : IImageOperation
{
    public string Name => "invert";

    public string Description => "Colour inversion: Cv2.BitwiseNot (255 - value).";

    public int Halo => 0;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.BitwiseNot(bgr, result);
        return result;
    }
}
