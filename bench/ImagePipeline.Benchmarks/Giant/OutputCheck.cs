using System.Diagnostics;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Giant;

/// <summary>How a pipeline output compared with this process's own computation from the same input.</summary>
internal sealed record CheckResult(string Kind, int Width, int Height, int Channels, int Regions, double CheckedMegapixels, double MaxAbsDiff, bool Passed, double Seconds);

/// <summary>
/// Compares a pipeline output with the operation applied here, in one process with no tiling: the
/// whole image up to a size, beyond it a few regions across tile seams and at the corners, each
/// computed from the input cut with a margin of twice the operation's halo.
/// </summary>
internal static class OutputCheck
{
    const int RegionSize = 1024;

    public static CheckResult Run(string inputFile, string outputFile, string spec, int tileSize, double fullCheckMaxMegapixels)
    {
        var watch = Stopwatch.StartNew();
        var operation = OperationSpec.Parse(spec);
        Cv2.SetNumThreads(Environment.ProcessorCount);
        using var input = Cv2.ImRead(inputFile, ImreadModes.Color);
        using var output = Cv2.ImRead(outputFile, ImreadModes.Unchanged);
        if (input.Empty() || output.Empty())
            throw new InvalidOperationException($"Could not read {(input.Empty() ? inputFile : outputFile)}.");

        var megapixels = input.Width * (double)input.Height / 1e6;
        if (output.Width != input.Width || output.Height != input.Height)
            return new CheckResult("dimensions", output.Width, output.Height, output.Channels(), 0, 0, double.NaN, false, watch.Elapsed.TotalSeconds);

        // A chain with global steps depends on the whole image: no region can be checked on its own.
        if (megapixels <= fullCheckMaxMegapixels || operation.Passes.Count > 1)
        {
            using var reference = operation.Apply(input);
            var diff = Compare(reference, output);
            return new CheckResult("whole image", output.Width, output.Height, output.Channels(), 1, megapixels, diff, diff == 0, watch.Elapsed.TotalSeconds);
        }

        var margin = Math.Max(2 * operation.Halo, 16);
        var regions = Regions(input.Width, input.Height, tileSize);
        var worst = 0.0;
        var pixels = 0L;
        foreach (var region in regions)
        {
            var expanded = Inflate(region, margin, input.Width, input.Height);
            // Cloned: a view would let OpenCV read the pixels beyond it, as a tile cannot.
            using var source = new Mat(input, expanded).Clone();
            using var processed = operation.Apply(source);
            using var expected = new Mat(processed, new Rect(region.X - expanded.X, region.Y - expanded.Y, region.Width, region.Height));
            using var actual = new Mat(output, region);
            worst = Math.Max(worst, Compare(expected, actual));
            pixels += (long)region.Width * region.Height;
        }

        return new CheckResult("sampled regions", output.Width, output.Height, output.Channels(), regions.Count, pixels / 1e6, worst, worst == 0,
            watch.Elapsed.TotalSeconds);
    }

    /// <summary>Largest absolute difference of any sample; infinite when the types differ.</summary>
    static double Compare(Mat expected, Mat actual) =>
        expected.Type() != actual.Type() ? double.PositiveInfinity : Cv2.Norm(expected, actual, NormTypes.INF);

    /// <summary>1024 px squares around the image's corners, its first and middle tile seam crossings and its last seam crossing.</summary>
    static List<Rect> Regions(int width, int height, int tileSize)
    {
        static int Seam(int at, int tileSize) => at / tileSize * tileSize;
        var centres = new (int X, int Y)[]
        {
            (0, 0),
            (width, 0),
            (0, height),
            (width, height),
            (tileSize, tileSize),
            (Seam(width / 2, tileSize), Seam(height / 2, tileSize)),
            (Seam(width - 1, tileSize), Seam(height - 1, tileSize)),
        };
        return centres
            .Select(c => Clip(new Rect(c.X - RegionSize / 2, c.Y - RegionSize / 2, RegionSize, RegionSize), width, height))
            .Where(r => r.Width > 0 && r.Height > 0)
            .Distinct()
            .ToList();
    }

    static Rect Inflate(Rect region, int margin, int width, int height) =>
        Clip(new Rect(region.X - margin, region.Y - margin, region.Width + 2 * margin, region.Height + 2 * margin), width, height);

    static Rect Clip(Rect rect, int width, int height)
    {
        int left = Math.Max(rect.X, 0), top = Math.Max(rect.Y, 0);
        int right = Math.Min(rect.X + rect.Width, width), bottom = Math.Min(rect.Y + rect.Height, height);
        return new Rect(left, top, Math.Max(right - left, 0), Math.Max(bottom - top, 0));
    }
}
