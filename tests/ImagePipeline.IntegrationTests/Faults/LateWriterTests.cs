using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.IntegrationTests.Storage;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// A processor thawed after its image was assembled and cleaned up finishes the tile it had read before it froze:
/// on Azurite, staging its part would create a blob of uncommitted blocks under the removed results key.
/// </summary>
public sealed class LateWriterTests : IAsyncLifetime
{
    const int Size = 512, TileSize = 256;
    readonly string _containerName = BlobContainerNames.NewName();
    BlobContainerClient _container = null!;
    AzureBlobStore _blobs = null!;

    public Task InitializeAsync()
    {
        _container = new BlobServiceClient(TestEnvironment.BlobConnectionString).GetBlobContainerClient(_containerName);
        _blobs = new AzureBlobStore(TestEnvironment.BlobConnectionString, _containerName);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("median")] // its tile stages a part of the results blob
    [InlineData("contrast_stretching")] // its first pass stores the tile's statistics
    public async Task ProcessTile_WhenTheImageWasAssembledMeanwhile_LeavesNoBlobBehind(string operation)
    {
        var image = ImageMessages.NewImage();
        var layout = ImageLayout.Of(image, ImageMessages.Tiled(image, Size, Size, TileSize, operation, maxPackBytes: 1));
        // What the frozen processor had read before it stopped: its tile's input (the rest of the job's is gone).
        var command = layout.CommandsFor(pass: 0)[0];
        var pack = layout.PackOf(command.Tiles);
        await StorePackAsync(layout, pack);
        // Meanwhile the image was assembled (its output written) and its intermediates removed.
        await _blobs.UploadAsync(layout.Output, new MemoryStream([1, 2, 3]), BlobWriteCondition.IfNotExists, CancellationToken.None);

        var processed = await ImageMessages.WorkerOver(_blobs).ProcessAsync(command, CancellationToken.None);
        await _blobs.DeleteAsync(layout.InputPackKey(pack), CancellationToken.None);

        var left = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, layout.Work, CancellationToken.None))
            left.Add(blob.Name);
        Assert.Empty(left);
        Assert.False(processed, "a tile of an ended image has nothing to report");
    }

    async Task StorePackAsync(ImageLayout layout, ImagePipeline.Protocol.Layout.InputPack pack)
    {
        using var photo = ImageCodec.DecodeBgr(await File.ReadAllBytesAsync(SampleImages.Files()[0]));
        using var content = new MemoryStream();
        foreach (var tile in layout.Tiles.Skip(pack.FirstTile).Take(pack.TileCount))
        {
            using var view = new Mat(photo, new Rect(tile.Source.X, tile.Source.Y, tile.Source.Width, tile.Source.Height));
            RawTileFormat.Write(view, content);
        }

        content.Position = 0;
        await _blobs.UploadAsync(layout.InputPackKey(pack), content, BlobWriteCondition.None, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _container.DeleteIfExistsAsync();
}
