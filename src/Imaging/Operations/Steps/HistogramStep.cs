using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>
/// A global step decided by one histogram of the whole image (contrast stretching, equalization, Otsu):
/// tiles count values on their cores, the sum is the whole image's histogram, and the parameters it gives
/// apply to every pixel alike, so the tiled pass is exact on the halo too.
/// </summary>
internal abstract class HistogramStep : ISplittableStep
{
    public int Halo => 0;

    public StepScope Scope => StepScope.Global;

    public bool ExactOnCoreOnly => false;

    public abstract int OutputChannels(int inputChannels);

    /// <summary>The whole-image reference.</summary>
    public abstract Mat Apply(Mat image);

    public byte[] Gather(Mat input, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        StepInput.Ensure(input);
        using var counted = CountedPlane(input);
        return Histograms.ToBytes(Histograms.Count(counted, frame.CoreWithinSource));
    }

    public byte[] Reduce(IReadOnlyList<byte[]> statistics, TileGrid grid) => ParametersFor(Histograms.Sum(statistics));

    public Mat ApplyWith(Mat input, ReadOnlySpan<byte> parameters, TileFrame frame)
    {
        StepInput.Ensure(input);
        return ApplyParameters(input, parameters);
    }

    /// <summary>A new image of the values the histogram counts (every channel, the luma, the gray).</summary>
    protected abstract Mat CountedPlane(Mat input);

    /// <summary>The parameters the whole image's histogram gives.</summary>
    protected abstract byte[] ParametersFor(long[] histogram);

    protected abstract Mat ApplyParameters(Mat input, ReadOnlySpan<byte> parameters);
}
