using System.Buffers.Binary;
using ImagePipeline.Imaging;

namespace ImagePipeline.Workers.Passes;

/// <summary>
/// What an input pack of several tiles gathers in a pass before the last, stored as one blob: each tile's bytes
/// after their length (four bytes, little-endian), in tile order. A pack of one tile stores its statistics as they are.
/// </summary>
internal static class RunStatistics
{
    const int LengthBytes = sizeof(int);

    public static byte[] Join(IReadOnlyList<byte[]> tiles)
    {
        var joined = new byte[tiles.Sum(tile => LengthBytes + tile.Length)];
        var at = 0;
        foreach (var tile in tiles)
        {
            BinaryPrimitives.WriteInt32LittleEndian(joined.AsSpan(at), tile.Length);
            tile.CopyTo(joined, at + LengthBytes);
            at += LengthBytes + tile.Length;
        }

        return joined;
    }

    /// <exception cref="InvalidImageException">The blob does not hold <paramref name="count"/> tiles' statistics and nothing after them.</exception>
    public static byte[][] Split(byte[] joined, int count)
    {
        var tiles = new byte[count][];
        var at = 0;
        for (var tile = 0; tile < count; tile++)
        {
            if (joined.Length - at < LengthBytes)
                throw Invalid($"it ends before tile {tile} of {count}");
            var length = BinaryPrimitives.ReadInt32LittleEndian(joined.AsSpan(at));
            if (length < 0 || length > joined.Length - at - LengthBytes)
                throw Invalid($"tile {tile} of {count} claims {length} bytes");
            tiles[tile] = joined.AsSpan(at + LengthBytes, length).ToArray();
            at += LengthBytes + length;
        }

        if (at != joined.Length)
            throw Invalid($"there are bytes after tile {count - 1}");
        return tiles;
    }

    static InvalidImageException Invalid(string reason) => new($"a pack's stored statistics are not valid ({reason})");
}
