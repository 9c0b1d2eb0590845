using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>Contrast-limited adaptive histogram equalization; colour images are equalized on lightness only.</summary>
internal sealed class ClaheStep(double clipLimit, int grid) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "clahe",
        "CLAHE: Cv2.CreateCLAHE(clip, grid x grid regions of the image); gray directly, colour on the L channel of Lab so hues stay; processes each image whole (its regions are fractions of the whole image).",
        [
            ParameterSpec.Real("clip", 2, 0.1, 100, "contrast limit per region histogram"),
            ParameterSpec.Integer("grid", 8, 1, 64, "regions per side"),
        ],
        a => new ClaheStep(a.Real("clip"), a.Int("grid")));

    public int Halo => 0;

    public StepScope Scope => StepScope.Global;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image)
    {
        StepInput.Ensure(image);
        using var clahe = Cv2.CreateCLAHE(clipLimit, new Size(grid, grid));
        if (image.Channels() == 1)
            return StepInput.Filter(image, (src, dst) => clahe.Apply(src, dst));

        using var lab = new Mat();
        Cv2.CvtColor(image, lab, ColorConversionCodes.BGR2Lab);
        var planes = Cv2.Split(lab);
        try
        {
            using var lightness = new Mat();
            clahe.Apply(planes[0], lightness);
            lightness.CopyTo(planes[0]);
            Cv2.Merge(planes, lab);
        }
        finally
        {
            foreach (var plane in planes)
                plane.Dispose();
        }

        return StepInput.Filter(lab, (src, dst) => Cv2.CvtColor(src, dst, ColorConversionCodes.Lab2BGR));
    }
}
