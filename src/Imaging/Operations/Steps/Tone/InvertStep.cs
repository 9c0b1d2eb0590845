using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>The seed's <c>cv2.bitwise_not(image)</c>.</summary>
internal sealed class InvertStep : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "invert", "Colour inversion: Cv2.BitwiseNot (255 - value). Gray stays gray.", [], _ => new InvertStep());

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.BitwiseNot(src, dst));
}
