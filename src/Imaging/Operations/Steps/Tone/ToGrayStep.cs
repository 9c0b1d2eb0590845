using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>The seed's <c>cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)</c>.</summary>
internal sealed class ToGrayStep : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "to_gray", "Grayscale: Cv2.CvtColor with BGR2GRAY (1-channel result; gray input is copied).", [], _ => new ToGrayStep());

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => 1;

    public Mat Apply(Mat image) => StepInput.ToGray(image);
}
