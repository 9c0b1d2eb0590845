using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.blur(image, (5, 5))</c>.</summary>
internal sealed class BlurOperation : IImageOperation
{
    public string Name => "blur";

    public string Description => "Box blur: Cv2.Blur with a 5x5 kernel.";

    public int Halo => 2;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.Blur(bgr, result, new Size(5, 5));
        return result;
    }
}
