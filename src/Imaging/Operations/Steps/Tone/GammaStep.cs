using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>Gamma correction through a 256-entry lookup table.</summary>
internal sealed class GammaStep(double gamma) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "gamma",
        "Gamma correction: 255 x (value / 255) ^ (1 / gamma), rounded, with Cv2.LUT; gamma above 1 brightens mid-tones. Gray stays gray, colour per channel.",
        [ParameterSpec.Real("gamma", 2.2, 0.05, 20, "gamma (1: unchanged)")],
        a => new GammaStep(a.Real("gamma")));

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image)
    {
        var table = new byte[256];
        for (var i = 0; i < table.Length; i++)
            table[i] = (byte)Math.Clamp(Math.Round(255 * Math.Pow(i / 255.0, 1 / gamma)), 0, 255);
        return StepInput.Filter(image, (src, dst) => Cv2.LUT(src, table, dst));
    }
}
