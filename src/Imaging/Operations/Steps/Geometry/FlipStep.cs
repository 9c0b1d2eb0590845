using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Geometry;

/// <summary>A mirror image: left-right, top-bottom, or both.</summary>
internal sealed class FlipStep(FlipMode mode) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "flip",
        "Mirror: Cv2.Flip along axis, left-right (horizontal), top-bottom (vertical) or both, lossless. Moves pixels, so it processes each image whole.",
        [ParameterSpec.Choice("axis", "horizontal", ["horizontal", "vertical", "both"], "which way to mirror")],
        a => new FlipStep(a.Choice("axis") switch
        {
            "vertical" => FlipMode.X,
            "both" => FlipMode.XY,
            _ => FlipMode.Y,
        }));

    public int Halo => 0;

    public StepScope Scope => StepScope.Geometric;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Flip(src, dst, mode));
}
