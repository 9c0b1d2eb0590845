using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>
/// The seed's numpy contrast stretching: a histogram of every channel value, its cumulative sum
/// rescaled to 0..255 and applied as a lookup table. Tiled in two passes: tiles count, the sum gives the table.
/// </summary>
internal sealed class ContrastStretchingStep : HistogramStep
{
    public static StepDefinition Definition { get; } = new(
        "contrast_stretching",
        "Contrast stretching: one 256-bin histogram over all channel values, its CDF rescaled to 0..255 and applied with Cv2.LUT; tiled in two passes (tile histograms summed into the image's table).",
        [],
        _ => new ContrastStretchingStep());

    public override int OutputChannels(int inputChannels) => inputChannels;

    public override Mat Apply(Mat image)
    {
        StepInput.Ensure(image);
        return ApplyParameters(image, BuildLookupTable(Histograms.Count(image)));
    }

    protected override Mat CountedPlane(Mat input) => input.Clone();

    protected override byte[] ParametersFor(long[] histogram) => BuildLookupTable(histogram);

    protected override Mat ApplyParameters(Mat input, ReadOnlySpan<byte> parameters)
    {
        var lut = parameters.ToArray();
        return StepInput.Filter(input, (src, dst) => Cv2.LUT(src, lut, dst));
    }

    /// <summary>The seed's masked-array arithmetic, step for step, with the same float64 rounding and uint8 truncation.</summary>
    internal static byte[] BuildLookupTable(ReadOnlySpan<long> histogram)
    {
        var cdf = new long[256];
        long sum = 0;
        for (var i = 0; i < 256; i++)
        {
            sum += histogram[i];
            cdf[i] = sum;
        }

        // cdf is non-decreasing, so the masked (zero) entries lead and the smallest unmasked one is the first non-zero.
        var min = cdf.FirstOrDefault(c => c != 0);
        var range = cdf[255] - min;
        var lut = new byte[256];
        if (range == 0)
            return lut; // numpy's masked division masks every entry when the divisor is 0, and filled(0) makes them all 0.

        for (var i = 0; i < 256; i++)
            lut[i] = cdf[i] == 0 ? (byte)0 : (byte)((double)((cdf[i] - min) * 255) / range);
        return lut;
    }
}
