using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>The seed's <c>cv2.convertScaleAbs(image, alpha=1.5, beta=0)</c>, with alpha and beta as parameters.</summary>
internal sealed class BrightnessStep(double alpha, double beta) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "brightness_increase",
        "Brightness and contrast: Cv2.ConvertScaleAbs, |alpha x value + beta| saturated at 255. Gray stays gray.",
        [
            ParameterSpec.Real("alpha", 1.5, 0, 100, "gain"),
            ParameterSpec.Real("beta", 0, -255, 255, "offset added after the gain"),
        ],
        a => new BrightnessStep(a.Real("alpha"), a.Real("beta")));

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.ConvertScaleAbs(src, dst, alpha, beta));
}
