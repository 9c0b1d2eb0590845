using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>A Sobel derivative, as its absolute value saturated to 8 bits.</summary>
internal sealed class SobelStep(int dx, int dy, int kernelSize) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "sobel",
        "Sobel derivative: Cv2.Sobel of order dx, dy with a ksize aperture to 16 bits, then its absolute value saturated to 0..255 (Cv2.ConvertScaleAbs). Gray stays gray, colour per channel.",
        [
            ParameterSpec.Integer("dx", 1, 0, 2, "order of the x derivative"),
            ParameterSpec.Integer("dy", 0, 0, 2, "order of the y derivative"),
            ParameterSpec.Integer("ksize", 3, 1, 7, "kernel size", oddOnly: true),
        ],
        Create);

    // ksize 1 means a 3x1 or 1x3 kernel, which still reads one pixel on each side.
    public int Halo => Math.Max(1, kernelSize / 2);

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) =>
    {
        using var derivative = new Mat();
        Cv2.Sobel(src, derivative, MatType.CV_16S, dx, dy, kernelSize);
        Cv2.ConvertScaleAbs(derivative, dst);
    });

    static SobelStep Create(StepArguments a)
    {
        int dx = a.Int("dx"), dy = a.Int("dy"), ksize = a.Int("ksize");
        if (dx + dy == 0)
            throw a.Invalid("dx", "dx and dy are both 0; at least one derivative is needed");
        return new SobelStep(dx, dy, ksize);
    }
}
