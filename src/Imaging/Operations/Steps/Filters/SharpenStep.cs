using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Filters;

/// <summary>Unsharp mask: the image plus <c>amount</c> times its difference from a Gaussian blur of it.</summary>
internal sealed class SharpenStep(int kernelSize, double sigma, double amount) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "sharpen",
        "Unsharp mask: (1 + amount) x image - amount x GaussianBlur(ksize, sigma), saturated to 0..255. Gray stays gray, colour per channel.",
        [
            ParameterSpec.Integer("ksize", 5, 3, 99, "blur kernel width and height", oddOnly: true),
            ParameterSpec.Real("sigma", 0, 0, 50, "blur standard deviation (0: from ksize)"),
            ParameterSpec.Real("amount", 1, 0, 10, "how much of the detail to add back"),
        ],
        a => new SharpenStep(a.Int("ksize"), a.Real("sigma"), a.Real("amount")));

    public int Halo => kernelSize / 2;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) =>
    {
        using var blurred = new Mat();
        Cv2.GaussianBlur(src, blurred, new Size(kernelSize, kernelSize), sigma);
        Cv2.AddWeighted(src, 1 + amount, blurred, -amount, 0, dst);
    });
}
