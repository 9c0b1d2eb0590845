using System.Collections.Concurrent;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using MassTransit;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>A large image's tiles are queued one by one as their inputs are stored, not after the last one.</summary>
public sealed class ImagePreparerTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task PrepareAsync_OfATiledImage_QueuesEachTileAsSoonAsItsInputIsStored()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        var preparer = new ImagePreparer(blobs, new InputLimits(new ProcessingOptions()));
        var source = SampleImages.Files().First(file => file.EndsWith("astronaut.png", StringComparison.Ordinal));
        var slot = new ImageSlot(NewId.NextGuid(), NewId.NextGuid(), 0, 1, source, "astronaut.png", "jobs/out/astronaut.png");
        var queued = new ConcurrentBag<(ProcessTile Tile, int InputsStored)>();

        var prepared = await preparer.PrepareAsync(slot, OperationSpec.Parse("gaussian"), tileSize: 64, async (tile, token) =>
        {
            Assert.True(await blobs.ExistsAsync(tile.InputKey, token), $"tile {tile.TileIndex} was queued before its input was stored");
            queued.Add((tile, await CountInputsAsync(blobs, slot.JobId)));
        }, default);

        Assert.Equal(64, prepared.Image.TileCount); // 512 x 512 in 64 px tiles
        Assert.Equal(Enumerable.Range(0, 64), queued.Select(entry => entry.Tile.TileIndex).Order());
        // Queued while later inputs were still to come: the first went out long before the last input was stored.
        Assert.True(queued.Min(entry => entry.InputsStored) < 16, $"the first tile was queued after {queued.Min(entry => entry.InputsStored)} inputs were stored");
    }

    static async Task<int> CountInputsAsync(IBlobStore blobs, Guid jobId)
    {
        var firstTile = JobKeys.InputTile(jobId, 0, 0);
        var count = 0;
        await foreach (var key in blobs.ListKeysAsync(firstTile[..(firstTile.LastIndexOf('/') + 1)], default))
            count++;
        return count;
    }

    public void Dispose() => _folder.Dispose();
}
