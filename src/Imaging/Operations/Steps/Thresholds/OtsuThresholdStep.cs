using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Thresholds;

/// <summary>
/// Otsu's threshold of the gray image (<c>threshold:method=otsu</c>): the value that best splits the whole
/// image's histogram. Tiled in two passes: tiles count gray values, Otsu's value is computed once from the sum.
/// </summary>
internal sealed class OtsuThresholdStep(double max, ThresholdTypes type) : HistogramStep
{
    // C's FLT_EPSILON, which OpenCV uses here; .NET's float.Epsilon is the smallest denormal instead.
    const double FltEpsilon = 1.1920928955078125e-07;

    public override int OutputChannels(int inputChannels) => 1;

    /// <summary>The whole-image reference: OpenCV computes the value itself.</summary>
    public override Mat Apply(Mat image)
    {
        using var gray = StepInput.ToGray(image);
        return StepInput.Filter(gray, (src, dst) => Cv2.Threshold(src, dst, 0, max, type | ThresholdTypes.Otsu));
    }

    protected override Mat CountedPlane(Mat input) => StepInput.ToGray(input);

    protected override byte[] ParametersFor(long[] histogram) => [OtsuValue(histogram)];

    protected override Mat ApplyParameters(Mat input, ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length != 1)
            throw new InvalidImageException($"Otsu parameters hold {parameters.Length} bytes, not one threshold");
        var value = parameters[0];
        using var gray = StepInput.ToGray(input);
        return StepInput.Filter(gray, (src, dst) => Cv2.Threshold(src, dst, value, max, type));
    }

    /// <summary>
    /// OpenCV's Otsu search over a histogram, in its own double arithmetic and order: the first value with
    /// the largest between-class variance, skipping splits where a class holds (almost) nothing.
    /// </summary>
    internal static byte OtsuValue(ReadOnlySpan<long> histogram)
    {
        long total = 0;
        foreach (var count in histogram)
            total += count;
        var scale = 1.0 / total;
        double mu = 0;
        for (var i = 0; i < Histograms.Bins; i++)
            mu += i * (double)histogram[i];
        mu *= scale;

        double mu1 = 0, q1 = 0, maxSigma = 0;
        var maxValue = 0;
        for (var i = 0; i < Histograms.Bins; i++)
        {
            var p = histogram[i] * scale;
            mu1 *= q1;
            q1 += p;
            var q2 = 1.0 - q1;
            if (Math.Min(q1, q2) < FltEpsilon || Math.Max(q1, q2) > 1.0 - FltEpsilon)
                continue;
            mu1 = (mu1 + i * p) / q1;
            var mu2 = (mu - q1 * mu1) / q2;
            var sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
            if (sigma > maxSigma)
            {
                maxSigma = sigma;
                maxValue = i;
            }
        }

        return (byte)maxValue;
    }
}
