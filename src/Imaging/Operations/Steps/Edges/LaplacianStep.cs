using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>The Laplacian, as its absolute value saturated to 8 bits.</summary>
internal sealed class LaplacianStep(int kernelSize) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "laplacian",
        "Laplacian: Cv2.Laplacian with a ksize aperture to 16 bits, then its absolute value saturated to 0..255. Gray stays gray, colour per channel.",
        [ParameterSpec.Integer("ksize", 1, 1, 7, "aperture (1: the 3x3 four-neighbour kernel)", oddOnly: true)],
        a => new LaplacianStep(a.Int("ksize")));

    public int Halo => Math.Max(1, kernelSize / 2);

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) =>
    {
        using var laplacian = new Mat();
        Cv2.Laplacian(src, laplacian, MatType.CV_16S, kernelSize);
        Cv2.ConvertScaleAbs(laplacian, dst);
    });
}
