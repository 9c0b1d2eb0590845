using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Protocol.Layout;

/// <summary>One blob of a tiled image's raw input: <paramref name="TileCount"/> consecutive tiles, one after another.</summary>
/// <param name="Index">The pack's place among the image's packs: it names the pack's blobs and its part of the results.</param>
/// <param name="FirstTile">The index of the pack's first tile; the others follow in order.</param>
/// <param name="Length">The blob's bytes: the sum of its tiles' raw lengths.</param>
public sealed record InputPack(int Index, int FirstTile, int TileCount, long Length)
{
    /// <summary>The tiles the pack holds, which its one command covers.</summary>
    public TileRange Tiles => new() { First = FirstTile, Count = TileCount };
}

/// <summary>
/// How a tiled image's raw input tiles are grouped into blobs: the one place the packing is decided. Against a
/// blob service every blob costs requests whatever its size: an upload, and a delete once the image is assembled;
/// a 12 MP image in 64 px tiles has 2,961 tiles of about 20 KB, and those requests were two of the seven each tile
/// cost. Consecutive small tiles therefore share a blob up to <see cref="ImageTiling.MaxPackBytes"/>, and one
/// command: a worker reads the pack with one request and processes its tiles in turn, and the image's saga counts
/// them with one update. A tile that fills a pack alone has a blob and a command to itself, as every default
/// 2048 px tile (12.6 MB) does. The grouping follows from the tiling alone, so every pass of a chain, and every
/// role, finds the same packs (<see cref="ImageLayout.Packs"/>).
/// </summary>
internal static class InputPacks
{
    /// <summary>
    /// The limit images are prepared with: also the size up to which <c>imagepipe run</c> keeps a blob in memory,
    /// so packs stay there as small tiles did. Each image's tiling carries the limit it was packed with, so
    /// changing this changes nothing for messages already queued.
    /// </summary>
    public const int DefaultMaxPackBytes = 1 << 20;

    /// <summary>The bytes a planned tile takes in its pack: its source rectangle in the raw format.</summary>
    public static long RawLengthOf(TileSpec tile, int channels) => RawTileFormat.LengthOf(tile.Source.Width, tile.Source.Height, channels);

    /// <summary>Groups the tiles of <paramref name="plan"/>, in index order, into packs.</summary>
    public static IReadOnlyList<InputPack> Of(IReadOnlyList<TileSpec> plan, int channels, int maxPackBytes)
    {
        var packs = new List<InputPack>();
        var first = 0;
        long length = 0;
        for (var tile = 0; tile < plan.Count; tile++)
        {
            var tileLength = RawLengthOf(plan[tile], channels);
            if (tile > first && length + tileLength > maxPackBytes)
            {
                packs.Add(new InputPack(packs.Count, first, tile - first, length));
                first = tile;
                length = 0;
            }

            length += tileLength;
        }

        if (plan.Count > first)
            packs.Add(new InputPack(packs.Count, first, plan.Count - first, length));
        return packs;
    }
}
