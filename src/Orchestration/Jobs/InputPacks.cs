using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>One blob of a tiled image's raw input: consecutive tiles, each at its offset.</summary>
/// <param name="FirstTile">The index of the pack's first tile; the others follow in order.</param>
/// <param name="Offsets">Where each tile starts in the blob; a tile ends where the next starts, the last at <paramref name="Length"/>.</param>
internal sealed record InputPack(int Index, int FirstTile, IReadOnlyList<long> Offsets, long Length)
{
    public int TileCount => Offsets.Count;

    /// <summary>True when the blob holds more than one tile, so each is read by its range.</summary>
    public bool IsShared => TileCount > 1;

    public long LengthOf(int tileInPack) => (tileInPack + 1 < TileCount ? Offsets[tileInPack + 1] : Length) - Offsets[tileInPack];
}

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
internal static class InputPacks
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
        var offsets = new List<long>();
        var first = 0;
        long length = 0;
        for (var tile = 0; tile < plan.Count; tile++)
        {
            var tileLength = RawLengthOf(plan[tile]);
            if (offsets.Count > 0 && length + tileLength > MaxPackBytes)
            {
                packs.Add(new InputPack(packs.Count, first, offsets.ToArray(), length));
                offsets.Clear();
                first = tile;
                length = 0;
            }

            offsets.Add(length);
            length += tileLength;
        }

        if (offsets.Count > 0)
            packs.Add(new InputPack(packs.Count, first, offsets.ToArray(), length));
        return packs;
    }
}
