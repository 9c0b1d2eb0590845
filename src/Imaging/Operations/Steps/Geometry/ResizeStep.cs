using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Geometry;

/// <summary>Scales by a factor, or to fit within a width and/or height keeping the aspect ratio.</summary>
internal sealed class ResizeStep(double scale, int fitWidth, int fitHeight, InterpolationFlags interpolation) : IImageStep
{
    static readonly Dictionary<string, InterpolationFlags> Interpolations = new(StringComparer.Ordinal)
    {
        ["area"] = InterpolationFlags.Area,
        ["linear"] = InterpolationFlags.Linear,
        ["cubic"] = InterpolationFlags.Cubic,
        ["nearest"] = InterpolationFlags.Nearest,
        ["lanczos"] = InterpolationFlags.Lanczos4,
    };

    public static StepDefinition Definition { get; } = new(
        "resize",
        "Resize: Cv2.Resize with the given interpolation, by scale, or to fit within width x height (either may be 0 for no limit) keeping the aspect ratio; sizes rounded half up, at least 1 px. Changes the geometry, so it processes each image whole.",
        [
            ParameterSpec.Real("scale", 0.5, 0.01, 16, "factor on both sides (not with width/height)"),
            ParameterSpec.Integer("width", 0, 0, 65535, "fit within this width (0: no limit)"),
            ParameterSpec.Integer("height", 0, 0, 65535, "fit within this height (0: no limit)"),
            ParameterSpec.Choice("interpolation", "area", [.. Interpolations.Keys], "Cv2.Resize interpolation"),
        ],
        Create);

    public int Halo => 0;

    public StepScope Scope => StepScope.Geometric;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Resize(src, dst, TargetSize(src.Width, src.Height), 0, 0, interpolation));

    internal Size TargetSize(int width, int height)
    {
        var factor = scale;
        if (fitWidth > 0 || fitHeight > 0)
        {
            factor = Math.Min(
                fitWidth > 0 ? (double)fitWidth / width : double.PositiveInfinity,
                fitHeight > 0 ? (double)fitHeight / height : double.PositiveInfinity);
        }

        return new Size(Rounded(width * factor), Rounded(height * factor));
    }

    static int Rounded(double size) => (int)Math.Clamp(Math.Round(size, MidpointRounding.AwayFromZero), 1, int.MaxValue);

    static ResizeStep Create(StepArguments a)
    {
        var fit = a.Int("width") > 0 || a.Int("height") > 0;
        if (fit && a.IsGiven("scale"))
            throw a.Invalid("scale", "give either scale or width/height, not both");
        if (!fit && (a.IsGiven("width") || a.IsGiven("height")))
            throw a.Invalid("width", "width and height are both 0; give at least one of them above 0, or use scale");
        return new ResizeStep(a.Real("scale"), a.Int("width"), a.Int("height"), Interpolations[a.Choice("interpolation")]);
    }
}
