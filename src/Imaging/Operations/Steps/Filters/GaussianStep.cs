using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Filters;

/// <summary>The seed's <c>cv2.GaussianBlur(image, (5, 5), 0)</c>, with kernel size and sigma as parameters.</summary>
internal sealed class GaussianStep(int kernelSize, double sigma) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "gaussian",
        "Gaussian blur: Cv2.GaussianBlur with a ksize x ksize kernel; sigma 0 derives it from ksize. Gray stays gray, colour per channel.",
        [
            ParameterSpec.Integer("ksize", 5, 1, 99, "kernel width and height", oddOnly: true),
            ParameterSpec.Real("sigma", 0, 0, 50, "standard deviation in pixels (0: from ksize)"),
        ],
        a => new GaussianStep(a.Int("ksize"), a.Real("sigma")));

    public int Halo => kernelSize / 2;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.GaussianBlur(src, dst, new Size(kernelSize, kernelSize), sigma));
}
