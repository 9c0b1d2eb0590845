using System.Buffers.Binary;
using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>256-bin value counts: gathered per tile, summed into the whole image's, and stored as bytes between the passes.</summary>
internal static class Histograms
{
    public const int Bins = 256;

    /// <summary>How often each value occurs in any channel of <paramref name="image"/> within <paramref name="region"/>.</summary>
    public static long[] Count(Mat image, PixelRect region)
    {
        var counts = new long[Bins];
        using var view = new Mat(image, TileProcessing.ToRect(region));
        // One channel of (channels x width): every channel value is one byte of the row.
        using var flat = view.Reshape(1);
        var rows = flat.AsRows<byte>();
        for (var y = 0; y < rows.Count; y++)
        {
            foreach (var value in rows[y])
                counts[value]++;
        }

        return counts;
    }

    public static long[] Count(Mat image) => Count(image, new PixelRect(0, 0, image.Width, image.Height));

    public static byte[] ToBytes(ReadOnlySpan<long> counts)
    {
        var bytes = new byte[Bins * sizeof(long)];
        for (var i = 0; i < Bins; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), counts[i]);
        return bytes;
    }

    /// <summary>The sum of every tile's stored counts: the whole image's histogram.</summary>
    /// <exception cref="InvalidImageException">A tile's statistics are not a stored histogram.</exception>
    public static long[] Sum(IReadOnlyList<byte[]> tiles)
    {
        var total = new long[Bins];
        foreach (var tile in tiles)
        {
            if (tile.Length != Bins * sizeof(long))
                throw new InvalidImageException($"tile statistics hold {tile.Length} bytes, not a {Bins}-bin histogram");
            for (var i = 0; i < Bins; i++)
                total[i] += BinaryPrimitives.ReadInt64LittleEndian(tile.AsSpan(i * sizeof(long)));
        }

        return total;
    }
}
