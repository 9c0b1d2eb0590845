using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Thresholds;

/// <summary>
/// A fixed threshold of the gray image (with method=otsu, an <see cref="OtsuThresholdStep"/>). Also the seed's
/// <c>to_bw</c> (gray, then 127 -> 255 binary), which is this step under its own name with only the value as a parameter.
/// </summary>
internal sealed class ThresholdStep(double value, double max, ThresholdTypes type) : IImageStep
{
    static readonly string[] Types = ["binary", "binary_inv", "trunc", "tozero", "tozero_inv"];

    public static StepDefinition Definition { get; } = new(
        "threshold",
        "Threshold: colour converted to gray (BGR2GRAY), then Cv2.Threshold of the given type (max where a pixel passes) by value (method=fixed) or by Otsu's value from the image's histogram (method=otsu, tiled in two passes: tile histograms summed, Otsu's value computed once); 1-channel result.",
        [
            ParameterSpec.Integer("value", 127, 0, 255, "threshold for method=fixed"),
            ParameterSpec.Integer("max", 255, 0, 255, "value given to pixels above the threshold"),
            ParameterSpec.Choice("type", "binary", Types, "Cv2.Threshold type"),
            ParameterSpec.Choice("method", "fixed", ["fixed", "otsu"], "fixed value, or Otsu's from the whole image"),
        ],
        Create);

    public static StepDefinition ToBw { get; } = new(
        "to_bw",
        "Black and white: Cv2.CvtColor BGR2GRAY, then Cv2.Threshold value -> 255, Binary (1-channel result).",
        [ParameterSpec.Integer("value", 127, 0, 255, "threshold")],
        a => new ThresholdStep(a.Int("value"), 255, ThresholdTypes.Binary));

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => 1;

    public Mat Apply(Mat image)
    {
        using var gray = StepInput.ToGray(image);
        return StepInput.Filter(gray, (src, dst) => Cv2.Threshold(src, dst, value, max, type));
    }

    static IImageStep Create(StepArguments a)
    {
        var otsu = a.Choice("method") == "otsu";
        if (otsu && a.IsGiven("value"))
            throw a.Invalid("value", "method=otsu computes the threshold itself; give value only with method=fixed");
        var type = a.Choice("type") switch
        {
            "binary_inv" => ThresholdTypes.BinaryInv,
            "trunc" => ThresholdTypes.Trunc,
            "tozero" => ThresholdTypes.Tozero,
            "tozero_inv" => ThresholdTypes.TozeroInv,
            _ => ThresholdTypes.Binary,
        };
        return otsu ? new OtsuThresholdStep(a.Int("max"), type) : new ThresholdStep(a.Int("value"), a.Int("max"), type);
    }
}
