using System.Collections.Concurrent;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>A large image's tile commands are queued as the blobs holding their inputs are stored, not after the last one.</summary>
public sealed class ImagePreparerTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task PrepareAsync_OfATiledImage_QueuesEachTileAsSoonAsItsInputIsStored()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        var preparer = new ImagePreparer(blobs, new ResultCache(blobs), new InputLimits(new ProcessingOptions()));
        // 2400 x 1600 in 256 px tiles: 70 tiles of up to about 200 KB, five or six to a 1 MiB pack.
        var source = Path.Combine(_folder.Path, "noise.png");
        using (var noise = new Mat(1600, 2400, MatType.CV_8UC3))
        {
            Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));
            Cv2.ImWrite(source, noise);
        }

        var slot = new ImageSlot(ImageMessages.NewImage(), source, "noise.png", "jobs/out/noise.png");
        var operation = OperationSpec.Parse("gaussian");
        var queued = new ConcurrentBag<(ProcessTile Tile, int PacksStored)>();

        var prepared = await preparer.PrepareAsync(slot, operation, tileSize: 256, async (tile, token) =>
        {
            var layout = ImageLayout.Of(tile.Image, tile.Recipe);
            Assert.True(await blobs.ExistsAsync(layout.InputPackKey(layout.PackOf(tile.Tiles)), token),
                $"tile {tile.Tiles.First} was queued before its input was stored");
            queued.Add((tile, await CountPacksAsync(blobs, layout)));
        }, default);

        var layout = ImageLayout.Of(slot.Image, queued.First().Tile.Recipe);
        var packs = layout.Packs.Count;
        Assert.Equal(70, prepared.Image.TileCount);
        Assert.InRange(packs, 12, 14);
        Assert.Equal(packs, await CountPacksAsync(blobs, layout));
        // One command per pack, whose run covers the pack's tiles: together, every tile once.
        Assert.Equal(packs, queued.Count);
        Assert.Equal(Enumerable.Range(0, 70), queued.SelectMany(entry => TilesOf(entry.Tile)).Order());
        // Queued while later packs were still to come: the first run went out before the last pack was stored.
        Assert.True(queued.Min(entry => entry.PacksStored) < packs, $"the first run was queued after {queued.Min(entry => entry.PacksStored)} of {packs} packs were stored");
    }

    [Fact]
    public async Task PrepareAsync_OfATiledImage_StoresEachRunsTilesInOrderInTheBlobItsCommandReads()
    {
        IBlobStore blobs = new FileSystemBlobStore(_folder.Path);
        var preparer = new ImagePreparer(blobs, new ResultCache(blobs), new InputLimits(new ProcessingOptions()));
        var source = Path.Combine(_folder.Path, "noise.png");
        using var noise = new Mat(700, 1000, MatType.CV_8UC3);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));
        Cv2.ImWrite(source, noise);
        var slot = new ImageSlot(ImageMessages.NewImage(), source, "noise.png", "jobs/out/noise.png");
        var operation = OperationSpec.Parse("gaussian:ksize=9");
        var queued = new ConcurrentBag<ProcessTile>();

        // 100 px tiles grown by the halo: 70 tiles of about 35 KB, some thirty to a 1 MiB pack, so runs of many tiles.
        await preparer.PrepareAsync(slot, operation, tileSize: 100, (tile, _) =>
        {
            queued.Add(tile);
            return Task.CompletedTask;
        }, default);

        var plan = TilePlanner.Plan(1000, 700, 100, operation.Halo);
        Assert.Equal(Enumerable.Range(0, plan.Count), queued.SelectMany(TilesOf).Order());
        Assert.Contains(queued, command => command.Tiles.Count > 1);
        foreach (var command in queued)
        {
            // The whole blob is the pack: its tiles end to end in index order, nothing after them.
            var layout = ImageLayout.Of(command.Image, command.Recipe);
            Assert.Equal(plan, layout.Tiles);
            using var pack = new MemoryStream(await blobs.ReadAllBytesAsync(layout.InputPackKey(layout.PackOf(command.Tiles)), default));
            foreach (var index in TilesOf(command))
            {
                using var stored = RawTileFormat.ReadNext(pack);
                var expected = plan[index].Source;
                using var region = new Mat(noise, new Rect(expected.X, expected.Y, expected.Width, expected.Height));
                MatAssert.Identical(region, stored);
            }

            Assert.Equal(pack.Length, pack.Position);
        }
    }

    static IEnumerable<int> TilesOf(ProcessTile command) => Enumerable.Range(command.Tiles.First, command.Tiles.Count);

    /// <summary>While an image is prepared, its packs are all there is of its intermediates.</summary>
    static async Task<int> CountPacksAsync(IBlobStore blobs, ImageLayout layout) =>
        (await blobs.ListKeysAsync(layout.Work, default).ToListAsync()).Count;

    public void Dispose() => _folder.Dispose();
}
