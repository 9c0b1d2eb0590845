using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.GaussianBlur(image, (5, 5), 0)</c>.</summary>
internal sealed class GaussianOperation : IImageOperation
{
    public string Name => "gaussian";

    public string Description => "Gaussian blur: Cv2.GaussianBlur with a 5x5 kernel, sigma 0 (derived from the kernel size).";

    public int Halo => 2;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var result = new Mat();
        Cv2.GaussianBlur(bgr, result, new Size(5, 5), 0);
        return result;
    }
}
