using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.convertScaleAbs(image, alpha=1.5, beta=0)</c>.</summary>
internal sealed class BrightnessIncreaseOperation : IImageOperation
{
    public string Name => "brightness_increase";

    public string Description => "Brightness increase: Cv2.ConvertScaleAbs with alpha 1.5, beta 0 (saturating at 255).";

    public int Halo => 0;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.ConvertScaleAbs(bgr, result, 1.5, 0);
        return result;
    }
}
