using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Morphology;

/// <summary>Erosion (local minimum) or dilation (local maximum) with a structuring element.</summary>
internal sealed class MorphologyStep(bool dilate, MorphShapes shape, int kernelSize, int iterations) : IImageStep
{
    public static StepDefinition Erode { get; } = Define("erode", "Erosion: Cv2.Erode, each pixel the minimum under the element", dilate: false);

    public static StepDefinition Dilate { get; } = Define("dilate", "Dilation: Cv2.Dilate, each pixel the maximum under the element", dilate: true);

    // Each iteration reaches another radius further.
    public int Halo => kernelSize / 2 * iterations;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) =>
    {
        using var element = Cv2.GetStructuringElement(shape, new Size(kernelSize, kernelSize));
        if (dilate)
            Cv2.Dilate(src, dst, element, iterations: iterations);
        else
            Cv2.Erode(src, dst, element, iterations: iterations);
    });

    static StepDefinition Define(string name, string what, bool dilate) => new(
        name,
        $"{what} (a ksize x ksize element of shape rect, ellipse or cross), repeated iterations times. Gray stays gray, colour per channel.",
        [
            ParameterSpec.Integer("ksize", 3, 1, 99, "element width and height", oddOnly: true),
            ParameterSpec.Choice("shape", "rect", ["rect", "ellipse", "cross"], "element shape"),
            ParameterSpec.Integer("iterations", 1, 1, 20, "times applied"),
        ],
        a => new MorphologyStep(dilate, Shape(a.Choice("shape")), a.Int("ksize"), a.Int("iterations")));

    static MorphShapes Shape(string name) => name switch
    {
        "ellipse" => MorphShapes.Ellipse,
        "cross" => MorphShapes.Cross,
        _ => MorphShapes.Rect,
    };
}
