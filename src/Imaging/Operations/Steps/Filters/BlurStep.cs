using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Filters;

/// <summary>The seed's <c>cv2.blur(image, (5, 5))</c>, with the kernel size as a parameter.</summary>
internal sealed class BlurStep(int kernelSize) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "blur",
        "Box blur: Cv2.Blur with a ksize x ksize kernel. Gray stays gray, colour per channel.",
        [ParameterSpec.Integer("ksize", 5, 1, 99, "kernel width and height", oddOnly: true)],
        a => new BlurStep(a.Int("ksize")));

    public int Halo => kernelSize / 2;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Blur(src, dst, new Size(kernelSize, kernelSize)));
}
