using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Geometry;

/// <summary>Rotation by a multiple of 90 degrees, clockwise: pixels move, none is interpolated.</summary>
internal sealed class RotateStep(RotateFlags rotation) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "rotate",
        "Rotation: clockwise by angle degrees (90, 180 or 270) with Cv2.Rotate, lossless. Changes the geometry, so it processes each image whole.",
        [ParameterSpec.Choice("angle", "90", ["90", "180", "270"], "degrees clockwise")],
        a => new RotateStep(a.Choice("angle") switch
        {
            "180" => RotateFlags.Rotate180,
            "270" => RotateFlags.Rotate90Counterclockwise,
            _ => RotateFlags.Rotate90Clockwise,
        }));

    public int Halo => 0;

    public StepScope Scope => StepScope.Geometric;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Rotate(src, dst, rotation));
}
