using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Protocol.Layout;

/// <summary>One blob of a tiled image's raw input: <paramref name="TileCount"/> consecutive tiles, one after another.</summary>
/// <param name="FirstTile">The index of the pack's first tile; the others follow in order.</param>
/// <param name="Length">The blob's bytes: the sum of its tiles' <see cref="InputPacks.RawLengthOf"/>.</param>
public sealed record InputPack(int Index, int FirstTile, int TileCount, long Length);

/// <summary>
/// How a tiled image's raw input tiles are grouped into blobs. Against a blob service every blob costs
/// requests whatever its size: an upload, and a delete once the image is assembled; a 12 MP image in
/// 64 px tiles has 2,961 tiles of about 20 KB, and those requests were two of the seven each tile cost.
/// Consecutive small tiles therefore share a blob up to <see cref="MaxPackBytes"/>, and one command (a run,
/// <see cref="TiledImage.CommandsFor"/>): a worker reads the pack with one request and processes its tiles in
/// turn, and the image's saga counts them with one update, where each tile used to cost a command, a ranged
/// read, an event and a saga update of its own. A tile that fills a pack alone has a blob and a command to
/// itself, as every default 2048 px tile (12.6 MB) does. The grouping follows from the tile plan alone, so
/// every pass of a chain rebuilds the same packs, and a worker finds each tile's place from the plan.
/// </summary>
public static class InputPacks
{
    /// <summary>
    /// At most this many bytes of tiles share a blob: also the size up to which <c>imagepipe run</c> keeps a
    /// blob in memory, so packs stay there as the small tiles did.
    /// </summary>
    public const int MaxPackBytes = 1 << 20;

    /// <summary>The submitter cuts tiles from the image decoded to 8-bit BGR.</summary>
    public const int SourceChannels = 3;

    /// <summary>The bytes a planned tile takes in its pack: its source rectangle in the raw format.</summary>
    public static long RawLengthOf(TileSpec tile) => RawTileFormat.LengthOf(tile.Source.Width, tile.Source.Height, SourceChannels);

    /// <summary>
    /// The packs the submitter cut an image of <paramref name="geometry"/> into for a chain of <paramref name="halo"/>,
    /// rebuilt from its tile plan: where each tile command begins, and how many tiles it covers.
    /// </summary>
    public static IReadOnlyList<InputPack> Of(ImageGeometry geometry, int halo) =>
        Of(TilePlanner.Plan(geometry.Width, geometry.Height, geometry.TileSize, halo));

    /// <summary>Groups the tiles of <paramref name="plan"/>, in index order, into packs.</summary>
    public static IReadOnlyList<InputPack> Of(IReadOnlyList<TileSpec> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var packs = new List<InputPack>();
        var first = 0;
        long length = 0;
        for (var tile = 0; tile < plan.Count; tile++)
        {
            var tileLength = RawLengthOf(plan[tile]);
            if (tile > first && length + tileLength > MaxPackBytes)
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
