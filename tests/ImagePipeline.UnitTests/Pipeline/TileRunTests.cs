using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers.Passes;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// The small tiles of one input pack go as one command: read with one request, each tile processed and stored
/// as it would be in a pack of its own.
/// </summary>
public sealed class TileRunTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    // 512 x 512 in 256 px tiles with median's halo: four tiles of about 200 KB, so all four fit one pack by default.
    const int Size = 512, TileSize = 256;

    [Theory]
    [InlineData("median")]
    [InlineData("contrast_stretching")] // two passes: the first stores each tile's statistics
    public async Task ProcessAsync_OfAPackOfSeveralTiles_StoresWhatTilesInPacksOfTheirOwnStore_ReadingThePackOnce(string operation)
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        var worker = ImageMessages.WorkerOver(blobs);
        var together = LayoutOf(operation, maxPackBytes: null);
        var command = Assert.Single(together.CommandsFor(pass: 0));
        var packKey = Assert.Single(await StorePacksAsync(blobs, together));

        Assert.True(await worker.ProcessAsync(command, default));

        Assert.Equal(1, blobs.ReadsUnder(packKey));
        // The same tiles in packs of one tile each (another job of their own, so their own keys).
        var apart = LayoutOf(operation, maxPackBytes: 1);
        Assert.Equal(together.TileCount, apart.Packs.Count);
        await StorePacksAsync(blobs, apart);
        foreach (var single in apart.CommandsFor(pass: 0))
            Assert.True(await worker.ProcessAsync(single, default));

        var fromPack = await ReadStoredAsync(blobs, together);
        Assert.Equal(together.TileCount, fromPack.Count);
        Assert.Equal(await ReadStoredAsync(blobs, apart), fromPack);
        // What the pack stored is one blob: a part of the results blob (here a blob of its own under the results
        // key), or in a first pass of two the statistics of its four tiles.
        var stored = together.Recipe.PassCount == 1 ? together.Results.Key : together.StatisticsKey(0, together.Packs[0]);
        Assert.Single(await blobs.ListKeysAsync(stored, default).ToListAsync());
    }

    [Fact]
    public async Task ProcessAsync_OfTilesThatAreNotOnePack_FailsItAsInvalid()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        var layout = LayoutOf("median", maxPackBytes: null);
        await StorePacksAsync(blobs, layout);

        var command = layout.CommandsFor(pass: 0)[0] with { Tiles = new TileRange { First = 2, Count = 3 } };

        var failure = await Assert.ThrowsAsync<InvalidImageException>(() => ImageMessages.WorkerOver(blobs).ProcessAsync(command, default));
        Assert.Contains("tiles 2 to 4", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_OfTilesCutWithLessHaloThanTheOperationReads_FailsItAsInvalid()
    {
        var layout = LayoutOf("median", maxPackBytes: null);
        var command = layout.CommandsFor(pass: 0)[0];
        command = command with { Recipe = command.Recipe with { Tiling = command.Recipe.Tiling! with { Halo = 0 } } };

        var failure = await Assert.ThrowsAsync<InvalidImageException>(() =>
            ImageMessages.WorkerOver(new FileSystemBlobStore(_folder.Path)).ProcessAsync(command, default));
        Assert.Contains("'median' reads 2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_WhenThePackHoldsMoreThanItsTiles_FailsItAsInvalid()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        // Packs of three tiles and one; the first pack's blob holds all four, as no pack of this layout does.
        var tileBytes = RawTileFormat.LengthOf(TileSize + 2, TileSize + 2, 3);
        var layout = LayoutOf("median", maxPackBytes: (int)(3 * tileBytes));
        Assert.Equal([3, 1], layout.Packs.Select(pack => pack.TileCount));
        await StoreAsync(blobs, layout.InputPackKey(layout.Packs[0]), layout, layout.Tiles);

        var command = layout.CommandsFor(pass: 0)[0];

        await Assert.ThrowsAsync<InvalidImageException>(() => ImageMessages.WorkerOver(blobs).ProcessAsync(command, default));
        // Refused before any tile was processed: nothing of it stored.
        Assert.Empty(await blobs.ListKeysAsync(layout.Results.Key, default).ToListAsync());
    }

    static ImageLayout LayoutOf(string operation, int? maxPackBytes)
    {
        var image = ImageMessages.NewImage();
        return ImageLayout.Of(image, ImageMessages.Tiled(image, Size, Size, TileSize, operation, maxPackBytes));
    }

    /// <summary>Each pack of a sample photo's layout, its tiles end to end, as the submitter stores them.</summary>
    static async Task<IReadOnlyList<string>> StorePacksAsync(IBlobStore blobs, ImageLayout layout)
    {
        var keys = new List<string>();
        foreach (var pack in layout.Packs)
        {
            keys.Add(layout.InputPackKey(pack));
            await StoreAsync(blobs, keys[^1], layout, layout.Tiles.Skip(pack.FirstTile).Take(pack.TileCount));
        }

        return keys;
    }

    static async Task StoreAsync(IBlobStore blobs, string key, ImageLayout layout, IEnumerable<TileSpec> tiles)
    {
        using var image = ImageCodec.DecodeBgr(await File.ReadAllBytesAsync(SampleImages.Files()[0]));
        Assert.Equal((Size, Size), (image.Width, image.Height));
        using var pack = new MemoryStream();
        foreach (var tile in tiles)
        {
            using var view = new Mat(image, new Rect(tile.Source.X, tile.Source.Y, tile.Source.Width, tile.Source.Height));
            RawTileFormat.Write(view, pack);
        }

        pack.Position = 0;
        await blobs.UploadAsync(key, pack, BlobWriteCondition.None, default);
    }

    /// <summary>What the first pass stored for each tile: its result, or its statistics when the chain has passes after it.</summary>
    static async Task<IReadOnlyList<byte[]>> ReadStoredAsync(IBlobStore blobs, ImageLayout layout)
    {
        if (layout.Recipe.PassCount > 1)
        {
            var tiles = new List<byte[]>();
            foreach (var pack in layout.Packs)
            {
                var stored = await blobs.ReadAllBytesAsync(layout.StatisticsKey(0, pack), default);
                tiles.AddRange(pack.TileCount == 1 ? [stored] : RunStatistics.Split(stored, pack.TileCount));
            }

            return tiles;
        }

        await using var parts = await blobs.OpenPartsAsync(layout.Results, default);
        var results = new List<byte[]>();
        for (var tile = 0; tile < layout.TileCount; tile++)
        {
            using var result = RawTileFormat.ReadNext(parts);
            using var bytes = new MemoryStream();
            RawTileFormat.Write(result, bytes);
            results.Add(bytes.ToArray());
        }

        return results;
    }

    public void Dispose() => _folder.Dispose();
}
