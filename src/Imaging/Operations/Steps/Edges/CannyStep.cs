using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>
/// The seed's <c>cv2.Canny(image, 100, 200)</c>, given the image as it comes (colour or gray). Tiled in two
/// passes: tiles find their edge pieces, the reduction joins pieces across tile sides, then each tile keeps
/// the pieces that reach a strong pixel anywhere in the image (<see cref="EdgePieces"/>).
/// </summary>
internal sealed class CannyStep(double low, double high, int aperture) : ISplittableStep
{
    public static StepDefinition Definition { get; } = new(
        "canny",
        "Edge detection: Cv2.Canny with hysteresis thresholds low and high and a Sobel aperture (on colour, the strongest channel's gradient, as the seed); 1-channel result; tiled in two passes (edge pieces joined across tiles, so hysteresis follows edges over tile borders).",
        [
            ParameterSpec.Real("low", 100, 0, 10000, "weaker threshold: edge pixels connected to strong ones"),
            ParameterSpec.Real("high", 200, 0, 10000, "stronger threshold: certain edge pixels"),
            ParameterSpec.Integer("aperture", 3, 3, 7, "Sobel aperture", oddOnly: true),
        ],
        Create);

    // The Sobel aperture's reach, plus one for non-maximum suppression comparing a gradient with its neighbours'.
    public int Halo => aperture / 2 + 1;

    public StepScope Scope => StepScope.Global;

    // Each tile knows its own core's pieces only, not those of the halo around it.
    public bool ExactOnCoreOnly => true;

    public int OutputChannels(int inputChannels) => 1;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => Cv2.Canny(src, dst, low, high, aperture));

    public byte[] Gather(Mat input, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        StepInput.Ensure(input);
        using var pieces = EdgePieces.Find(input, frame.CoreWithinSource, low, high, aperture);
        return EdgePieceBorders.Of(pieces).ToBytes();
    }

    public byte[] Reduce(IReadOnlyList<byte[]> statistics, TileGrid grid) =>
        EdgePieceJoin.ToBytes(EdgePieceJoin.KeptByNeighbours(statistics.Select(EdgePieceBorders.FromBytes).ToArray(), grid));

    /// <summary>The edges on the frame's core; the halo around it stays black.</summary>
    public Mat ApplyWith(Mat input, ReadOnlySpan<byte> parameters, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        StepInput.Ensure(input);
        var kept = EdgePieceJoin.KeptFor(parameters, frame.TileIndex);
        using var pieces = EdgePieces.Find(input, frame.CoreWithinSource, low, high, aperture);
        using var core = pieces.Render(kept);
        var edges = new Mat(input.Rows, input.Cols, MatType.CV_8UC1, Scalar.All(0));
        using (var target = new Mat(edges, TileProcessing.ToRect(frame.CoreWithinSource)))
            core.CopyTo(target);
        return edges;
    }

    static CannyStep Create(StepArguments a)
    {
        if (a.Real("low") > a.Real("high"))
            throw a.Invalid("low", $"{a.Real("low")} is above high ({a.Real("high")})");
        return new CannyStep(a.Real("low"), a.Real("high"), a.Int("aperture"));
    }
}
