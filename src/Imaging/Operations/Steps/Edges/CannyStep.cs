using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>The seed's <c>cv2.Canny(image, 100, 200)</c>, given the image as it comes (colour or gray).</summary>
internal sealed class CannyStep(double low, double high, int aperture) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "canny",
        "Edge detection: Cv2.Canny with hysteresis thresholds low and high (on colour, the strongest channel's gradient, as the seed); 1-channel result; processes each image whole.",
        [
            ParameterSpec.Real("low", 100, 0, 10000, "weaker threshold: edge pixels connected to strong ones"),
            ParameterSpec.Real("high", 200, 0, 10000, "stronger threshold: certain edge pixels"),
            ParameterSpec.Integer("aperture", 3, 3, 7, "Sobel aperture", oddOnly: true),
        ],
        Create);

    // Hysteresis follows edges across the whole image, so no halo makes tiles exact.
    public int Halo => 0;

    public StepScope Scope => StepScope.Global;

    public int OutputChannels(int inputChannels) => 1;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Canny(src, dst, low, high, aperture));

    static CannyStep Create(StepArguments a)
    {
        if (a.Real("low") > a.Real("high"))
            throw a.Invalid("low", $"{a.Real("low")} is above high ({a.Real("high")})");
        return new CannyStep(a.Real("low"), a.Real("high"), a.Int("aperture"));
    }
}
