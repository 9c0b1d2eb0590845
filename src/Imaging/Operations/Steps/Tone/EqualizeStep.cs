using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>
/// Histogram equalization, as Cv2.EqualizeHist: gray directly, colour on the luma (Y of YCrCb) so hues stay.
/// Tiled in two passes: tiles count luma values, the sum gives OpenCV's lookup table.
/// </summary>
internal sealed class EqualizeStep : HistogramStep
{
    public static StepDefinition Definition { get; } = new(
        "equalize",
        "Histogram equalization: Cv2.EqualizeHist on gray, on the Y channel of YCrCb for colour (hues kept); tiled in two passes (tile histograms summed into the image's table).",
        [],
        _ => new EqualizeStep());

    public override int OutputChannels(int inputChannels) => inputChannels;

    public override Mat Apply(Mat image)
    {
        StepInput.Ensure(image);
        return OnLuma(image, (luma, equalized) => Cv2.EqualizeHist(luma, equalized));
    }

    protected override Mat CountedPlane(Mat input) => StepInput.FirstChannel(input, ColorConversionCodes.BGR2YCrCb);

    protected override byte[] ParametersFor(long[] histogram) => LookupTable(histogram);

    protected override Mat ApplyParameters(Mat input, ReadOnlySpan<byte> parameters)
    {
        var lut = parameters.ToArray();
        return OnLuma(input, (luma, equalized) => Cv2.LUT(luma, lut, equalized));
    }

    /// <summary>
    /// OpenCV's equalizeHist table, in its own arithmetic: values below the first occupied bin map to 0,
    /// the rest to the running count times 255 / (total - first bin's count), in float, rounded half to even.
    /// An image of one value keeps that value.
    /// </summary>
    internal static byte[] LookupTable(ReadOnlySpan<long> histogram)
    {
        var lut = new byte[Histograms.Bins];
        long total = 0;
        foreach (var count in histogram)
            total += count;
        var first = 0;
        while (first < Histograms.Bins && histogram[first] == 0)
            first++;
        if (first == Histograms.Bins)
            return lut;
        if (histogram[first] == total)
        {
            Array.Fill(lut, (byte)first);
            return lut;
        }

        var scale = (Histograms.Bins - 1f) / (total - histogram[first]);
        long sum = 0;
        for (var i = first + 1; i < Histograms.Bins; i++)
        {
            sum += histogram[i];
            lut[i] = (byte)Math.Clamp(Math.Round((double)(float)(sum * scale), MidpointRounding.ToEven), 0, 255);
        }

        return lut;
    }

    static Mat OnLuma(Mat image, Action<Mat, Mat> equalize) =>
        StepInput.OnFirstChannel(image, ColorConversionCodes.BGR2YCrCb, ColorConversionCodes.YCrCb2BGR, equalize);
}
