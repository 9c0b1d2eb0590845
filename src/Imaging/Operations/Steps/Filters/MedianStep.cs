using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Filters;

/// <summary>The seed's <c>cv2.medianBlur(image, 5)</c>, with the aperture as a parameter.</summary>
internal sealed class MedianStep(int kernelSize) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "median",
        "Median blur: Cv2.MedianBlur with a ksize x ksize aperture. Gray stays gray, colour per channel.",
        [ParameterSpec.Integer("ksize", 5, 1, 99, "aperture width and height", oddOnly: true)],
        a => new MedianStep(a.Int("ksize")));

    public int Halo => kernelSize / 2;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.MedianBlur(src, dst, kernelSize));
}
