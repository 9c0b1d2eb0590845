using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>
/// The seed's numpy contrast stretching: a histogram of every channel value, its cumulative sum
/// rescaled to 0..255 and applied as a lookup table. Whole-image by nature.
/// </summary>
internal sealed class ContrastStretchingStep : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "contrast_stretching",
        "Contrast stretching: one 256-bin histogram over all channel values, its CDF rescaled to 0..255 and applied with Cv2.LUT; processes each image whole.",
        [],
        _ => new ContrastStretchingStep());

    public int Halo => 0;

    public StepScope Scope => StepScope.Global;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image)
    {
        StepInput.Ensure(image);
        var lut = BuildLookupTable(CountValues(image));
        return StepInput.Filter(image, (src, dst) => Cv2.LUT(src, lut, dst));
    }

    /// <summary><c>np.histogram(image.flatten(), 256, [0, 256])</c>: how often each value occurs in any channel.</summary>
    internal static long[] CountValues(Mat image)
    {
        var counts = new long[256];
        // One channel of (channels x width): every channel value is one byte of the row.
        using var flat = image.Reshape(1);
        var rows = flat.AsRows<byte>();
        for (var y = 0; y < rows.Count; y++)
        {
            foreach (var value in rows[y])
                counts[value]++;
        }

        return counts;
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
