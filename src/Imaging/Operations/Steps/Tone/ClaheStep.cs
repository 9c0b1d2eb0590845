using System.Buffers.Binary;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>
/// Contrast-limited adaptive histogram equalization; colour images are equalized on lightness only.
/// Tiled in two passes: tiles count lightness values per CLAHE region (<see cref="ClaheLayout"/>), the
/// reduction clips and sums them into each region's table as OpenCV does, and every pixel then blends
/// the tables of its four nearest regions in OpenCV's float arithmetic.
/// </summary>
internal sealed class ClaheStep(double clipLimit, int grid) : ISplittableStep
{
    public static StepDefinition Definition { get; } = new(
        "clahe",
        "CLAHE: Cv2.CreateCLAHE(clip, grid x grid regions of the image); gray directly, colour on the L channel of Lab so hues stay; tiled in two passes (tiles count each region's histogram, one reduction gives the regions' tables).",
        [
            ParameterSpec.Real("clip", 2, 0.1, 100, "contrast limit per region histogram"),
            ParameterSpec.Integer("grid", 8, 1, 64, "regions per side"),
        ],
        a => new ClaheStep(a.Real("clip"), a.Int("grid")));

    public int Halo => 0;

    public StepScope Scope => StepScope.Global;

    public bool ExactOnCoreOnly => false;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image)
    {
        StepInput.Ensure(image);
        using var clahe = Cv2.CreateCLAHE(clipLimit, new Size(grid, grid));
        return OnLightness(image, (lightness, result) => clahe.Apply(lightness, result));
    }

    public byte[] Gather(Mat input, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        StepInput.Ensure(input);
        var layout = ClaheLayout.For(frame.ImageWidth, frame.ImageHeight, grid);
        var core = frame.Core;
        var columns = ClaheLayout.Mirrored(core.X, core.Right, layout.Width, layout.ExtendedWidth).ToArray();
        var rows = ClaheLayout.Mirrored(core.Y, core.Bottom, layout.Height, layout.ExtendedHeight).ToArray();
        var counts = new int[layout.RegionCount][];

        using var lightness = Lightness(input);
        var lightnessRows = lightness.AsRows<byte>();
        foreach (var (extendedY, imageY) in rows)
        {
            var row = lightnessRows[imageY - frame.SourceY];
            var regionRow = extendedY / layout.RegionHeight * grid;
            foreach (var (extendedX, imageX) in columns)
            {
                var region = counts[regionRow + extendedX / layout.RegionWidth] ??= new int[Histograms.Bins];
                region[row[imageX - frame.SourceX]]++;
            }
        }

        // Only the regions the tile reaches: index, then 256 counts.
        var touched = Enumerable.Range(0, counts.Length).Where(r => counts[r] is not null).ToArray();
        var bytes = new byte[touched.Length * (1 + Histograms.Bins) * sizeof(int)];
        var offset = 0;
        foreach (var region in touched)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), region);
            offset += sizeof(int);
            foreach (var count in counts[region])
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), count);
                offset += sizeof(int);
            }
        }

        return bytes;
    }

    public byte[] Reduce(IReadOnlyList<byte[]> statistics, TileGrid tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var layout = ClaheLayout.For(tiles.Width, tiles.Height, grid);
        var histograms = new int[layout.RegionCount][];
        for (var region = 0; region < histograms.Length; region++)
            histograms[region] = new int[Histograms.Bins];
        const int Entry = (1 + Histograms.Bins) * sizeof(int);
        foreach (var tile in statistics)
        {
            if (tile.Length % Entry != 0)
                throw new InvalidImageException($"CLAHE tile statistics hold {tile.Length} bytes, not whole region histograms");
            for (var offset = 0; offset < tile.Length; offset += Entry)
            {
                var region = BinaryPrimitives.ReadInt32LittleEndian(tile.AsSpan(offset));
                if (region < 0 || region >= histograms.Length)
                    throw new InvalidImageException($"CLAHE tile statistics name region {region} of {histograms.Length}");
                for (var value = 0; value < Histograms.Bins; value++)
                    histograms[region][value] += BinaryPrimitives.ReadInt32LittleEndian(tile.AsSpan(offset + (1 + value) * sizeof(int)));
            }
        }

        var tables = new byte[layout.RegionCount * Histograms.Bins];
        for (var region = 0; region < histograms.Length; region++)
            RegionTable(histograms[region], layout.RegionArea).CopyTo(tables.AsSpan(region * Histograms.Bins));
        return tables;
    }

    public Mat ApplyWith(Mat input, ReadOnlySpan<byte> parameters, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        StepInput.Ensure(input);
        var layout = ClaheLayout.For(frame.ImageWidth, frame.ImageHeight, grid);
        if (parameters.Length != layout.RegionCount * Histograms.Bins)
            throw new InvalidImageException($"CLAHE parameters hold {parameters.Length} bytes, not {layout.RegionCount} region tables");
        var tables = parameters.ToArray();
        return OnLightness(input, (lightness, result) => Interpolate(lightness, result, tables, layout, frame.SourceX, frame.SourceY));
    }

    /// <summary>OpenCV's per-region table: clip at the limit, spread what was clipped evenly (the rest one by one at a stride), then the scaled running sum.</summary>
    byte[] RegionTable(int[] histogram, int regionArea)
    {
        var counts = (int[])histogram.Clone();
        var limit = Math.Max((int)(clipLimit * regionArea / Histograms.Bins), 1);
        var clipped = 0;
        for (var i = 0; i < Histograms.Bins; i++)
        {
            if (counts[i] > limit)
            {
                clipped += counts[i] - limit;
                counts[i] = limit;
            }
        }

        var batch = clipped / Histograms.Bins;
        var residual = clipped - batch * Histograms.Bins;
        for (var i = 0; i < Histograms.Bins; i++)
            counts[i] += batch;
        if (residual != 0)
        {
            var step = Math.Max(Histograms.Bins / residual, 1);
            for (var i = 0; i < Histograms.Bins && residual > 0; i += step, residual--)
                counts[i]++;
        }

        var scale = (Histograms.Bins - 1f) / regionArea;
        var table = new byte[Histograms.Bins];
        var sum = 0;
        for (var i = 0; i < Histograms.Bins; i++)
        {
            sum += counts[i];
            table[i] = Saturate((float)(sum * scale));
        }

        return table;
    }

    /// <summary>Each pixel blends the tables of the four regions nearest to it, weighted by distance, in float as OpenCV does.</summary>
    void Interpolate(Mat lightness, Mat result, byte[] tables, ClaheLayout layout, int sourceX, int sourceY)
    {
        var width = lightness.Width;
        var height = lightness.Height;
        result.Create(height, width, MatType.CV_8UC1);
        var inverseWidth = 1.0f / layout.RegionWidth;
        var inverseHeight = 1.0f / layout.RegionHeight;
        var left = new int[width];
        var right = new int[width];
        var rightWeight = new float[width];
        var leftWeight = new float[width];
        for (var x = 0; x < width; x++)
        {
            var position = (sourceX + x) * inverseWidth - 0.5f;
            var first = (int)MathF.Floor(position);
            rightWeight[x] = position - first;
            leftWeight[x] = 1.0f - rightWeight[x];
            left[x] = Math.Max(first, 0) * Histograms.Bins;
            right[x] = Math.Min(first + 1, grid - 1) * Histograms.Bins;
        }

        var sourceRows = lightness.AsRows<byte>();
        var resultRows = result.AsRows<byte>();
        for (var y = 0; y < height; y++)
        {
            var position = (sourceY + y) * inverseHeight - 0.5f;
            var first = (int)MathF.Floor(position);
            var lowerWeight = position - first;
            var upperWeight = 1.0f - lowerWeight;
            var upper = Math.Max(first, 0) * grid * Histograms.Bins;
            var lower = Math.Min(first + 1, grid - 1) * grid * Histograms.Bins;
            var source = sourceRows[y];
            var target = resultRows[y];
            for (var x = 0; x < width; x++)
            {
                var value = source[x];
                var blended = (tables[upper + left[x] + value] * leftWeight[x] + tables[upper + right[x] + value] * rightWeight[x]) * upperWeight
                    + (tables[lower + left[x] + value] * leftWeight[x] + tables[lower + right[x] + value] * rightWeight[x]) * lowerWeight;
                target[x] = Saturate(blended);
            }
        }
    }

    // OpenCV's saturate_cast<uchar>(float): round half to even, then clamp.
    static byte Saturate(float value) => (byte)Math.Clamp((int)MathF.Round(value, MidpointRounding.ToEven), 0, 255);

    static Mat Lightness(Mat image) => StepInput.FirstChannel(image, ColorConversionCodes.BGR2Lab);

    static Mat OnLightness(Mat image, Action<Mat, Mat> equalize) =>
        StepInput.OnFirstChannel(image, ColorConversionCodes.BGR2Lab, ColorConversionCodes.Lab2BGR, equalize);
}
