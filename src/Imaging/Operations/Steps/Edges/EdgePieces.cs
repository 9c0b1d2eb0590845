using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Edges;

/// <summary>
/// Canny's edge candidates on a tile's core, cut into 8-connected pieces. Canny keeps a candidate (a
/// non-maximum-suppressed gradient above the low threshold) when its piece holds a strong pixel (above the
/// high threshold), wherever in the image that piece runs; a piece that leaves the core continues in a neighbour.
/// </summary>
/// <remarks>
/// OpenCV is asked for both sets directly: Canny with both thresholds at <c>t</c> keeps every candidate above
/// <c>t</c> (each is either strong or touches one), so Canny(low, low) gives the candidates and Canny(high, high)
/// the strong pixels, with OpenCV's own gradients and suppression. Labelling is deterministic, so both passes
/// of a tile find the same pieces under the same labels.
/// </remarks>
internal sealed class EdgePieces : IDisposable
{
    EdgePieces(Mat labels, int width, int height, int count, bool[] strong)
    {
        Labels = labels;
        Width = width;
        Height = height;
        Count = count;
        Strong = strong;
    }

    /// <summary>The piece of every core pixel (0: not a candidate), 32-bit, the core's size.</summary>
    public Mat Labels { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>How many labels there are, the background's 0 included.</summary>
    public int Count { get; }

    /// <summary>By label: whether the piece holds a strong pixel within this core.</summary>
    public bool[] Strong { get; }

    public static EdgePieces Find(Mat input, PixelRect core, double low, double high, int aperture)
    {
        using var candidates = new Mat();
        using var strongPixels = new Mat();
        Cv2.Canny(input, candidates, low, low, aperture);
        Cv2.Canny(input, strongPixels, high, high, aperture);

        // Views disposed at once: an undisposed view keeps its whole parent image alive until the
        // finalizer runs, and the GC, seeing only small managed objects, may not run for many tiles.
        var rect = TileProcessing.ToRect(core);
        using var candidatesView = new Mat(candidates, rect);
        using var strongView = new Mat(strongPixels, rect);
        using var coreCandidates = candidatesView.Clone();
        using var coreStrong = strongView.Clone();
        var labels = new Mat();
        var count = Cv2.ConnectedComponents(coreCandidates, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);

        var strong = new bool[count];
        var labelRows = labels.AsRows<int>();
        var strongRows = coreStrong.AsRows<byte>();
        for (var y = 0; y < core.Height; y++)
        {
            var labelRow = labelRows[y];
            var strongRow = strongRows[y];
            for (var x = 0; x < core.Width; x++)
            {
                if (strongRow[x] != 0)
                    strong[labelRow[x]] = true;
            }
        }

        return new EdgePieces(labels, core.Width, core.Height, count, strong);
    }

    /// <summary>The labels along row <paramref name="y"/> of the core.</summary>
    public int[] Row(int y) => Labels.AsRows<int>()[y].ToArray();

    /// <summary>The labels down column <paramref name="x"/> of the core.</summary>
    public int[] Column(int x)
    {
        var rows = Labels.AsRows<int>();
        var column = new int[Height];
        for (var y = 0; y < Height; y++)
            column[y] = rows[y][x];
        return column;
    }

    /// <summary>A new 8-bit image of the core: 255 where the pixel's piece is kept.</summary>
    public Mat Render(IReadOnlySet<int> keptByNeighbours)
    {
        var kept = new byte[Count];
        for (var label = 1; label < Count; label++)
            kept[label] = Strong[label] || keptByNeighbours.Contains(label) ? (byte)255 : (byte)0;

        var edges = new Mat(Height, Width, MatType.CV_8UC1);
        var labelRows = Labels.AsRows<int>();
        var edgeRows = edges.AsRows<byte>();
        for (var y = 0; y < Height; y++)
        {
            var labelRow = labelRows[y];
            var edgeRow = edgeRows[y];
            for (var x = 0; x < Width; x++)
                edgeRow[x] = kept[labelRow[x]];
        }

        return edges;
    }

    public void Dispose() => Labels.Dispose();
}
