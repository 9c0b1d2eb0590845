using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers;
using ImagePipeline.Workers.Passes;
using ImagePipeline.Workers.Tiles;
using MassTransit;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// The small tiles of one input pack go as one command (a run): read with one request, each tile processed and
/// stored as if it had had a command of its own.
/// </summary>
public sealed class TileRunTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    // 512 x 512 in 256 px tiles with median's halo: four tiles of about 210 KB, so all four fit one pack.
    static readonly ImageGeometry FourTiles = new() { Width = 512, Height = 512, TileSize = 256, TileCount = 4 };

    [Theory]
    [InlineData("median")]
    [InlineData("contrast_stretching")] // two passes: the first stores each tile's statistics
    public async Task ProcessAsync_OfARun_StoresWhatItsTilesOneByOneStore_ReadingThePackOnce(string operation)
    {
        var blobs = new CountingBlobStore(new FileSystemBlobStore(_folder.Path));
        var worker = Worker(blobs);
        var plan = PlanOf(operation);
        var packKey = await StorePackAsync(blobs, NewId.NextGuid(), plan, plan.Count);
        var run = RunOf(NewId.NextGuid(), operation, plan, first: 0, length: plan.Count, packKey);

        Assert.True(await worker.ProcessAsync(run, default));

        Assert.Equal(1, blobs.ReadsUnder(packKey));
        // The same tiles one command each (a job of their own, so their own keys), read by range from the same
        // pack, as a build without runs sent them.
        var singlesJob = NewId.NextGuid();
        long offset = 0;
        for (var index = 0; index < plan.Count; index++)
        {
            var length = checked((int)RawTileFormat.LengthOf(plan[index].Source.Width, plan[index].Source.Height, InputPacks.SourceChannels));
            var single = RunOf(singlesJob, operation, plan, first: index, length: 1, packKey) with
            {
                InputRange = new BlobRange { Offset = offset, Length = length },
            };
            Assert.True(await worker.ProcessAsync(single, default));
            offset += length;
        }

        var fromRun = await ReadStoredAsync(blobs, run, asRun: true);
        Assert.Equal(plan.Count, fromRun.Count);
        var singles = run with { JobId = singlesJob, ResultKey = JobKeys.Results(singlesJob, 0) };
        Assert.Equal(await ReadStoredAsync(blobs, singles, asRun: false), fromRun);
        // What the run stored is one blob, at its first tile's index: a part of the results blob (here a blob of its
        // own under the results key), or in a first pass of two the statistics of its four tiles.
        var stored = run.PassCount == 1 ? run.ResultKey : JobKeys.PassesOf(run.JobId, 0);
        Assert.Single(await blobs.ListKeysAsync(stored, default).ToListAsync());
    }

    [Fact]
    public async Task ProcessAsync_OfARunPastTheImagesLastTile_FailsItAsInvalid()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        var (jobId, plan) = (NewId.NextGuid(), PlanOf("median"));
        var packKey = await StorePackAsync(blobs, jobId, plan, plan.Count);

        var run = RunOf(jobId, "median", plan, first: 2, length: 3, packKey);

        var failure = await Assert.ThrowsAsync<InvalidImageException>(() => Worker(blobs).ProcessAsync(run, default));
        Assert.Contains("tiles 2 to 4", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_WhenThePackHoldsMoreThanTheRun_FailsItAsInvalid()
    {
        var blobs = new FileSystemBlobStore(_folder.Path);
        var (jobId, plan) = (NewId.NextGuid(), PlanOf("median"));
        var packKey = await StorePackAsync(blobs, jobId, plan, plan.Count);

        // A run of three reading a pack of four: not the pack its command was made for.
        var run = RunOf(jobId, "median", plan, first: 0, length: 3, packKey);

        await Assert.ThrowsAsync<InvalidImageException>(() => Worker(blobs).ProcessAsync(run, default));
        // Refused before any tile was processed: nothing of it stored.
        Assert.Empty(await blobs.ListKeysAsync(run.ResultKey, default).ToListAsync());
    }

    static IReadOnlyList<TileSpec> PlanOf(string operation) =>
        TilePlanner.Plan(FourTiles.Width, FourTiles.Height, FourTiles.TileSize, OperationSpec.Parse(operation).Halo);

    static TileWorker Worker(IBlobStore blobs) =>
        new(blobs, new CancellationMarkers(blobs), Options.Create(new ProcessingOptions()));

    /// <summary>The first <paramref name="tiles"/> tiles of a sample photo's plan, end to end in one pack, as the submitter stores them.</summary>
    static async Task<string> StorePackAsync(IBlobStore blobs, Guid jobId, IReadOnlyList<TileSpec> plan, int tiles)
    {
        using var image = ImageCodec.DecodeBgr(await File.ReadAllBytesAsync(SampleImages.Files()[0]));
        Assert.Equal((FourTiles.Width, FourTiles.Height), (image.Width, image.Height));
        using var pack = new MemoryStream();
        foreach (var tile in plan.Take(tiles))
        {
            using var view = new Mat(image, new Rect(tile.Source.X, tile.Source.Y, tile.Source.Width, tile.Source.Height));
            RawTileFormat.Write(view, pack);
        }

        pack.Position = 0;
        var key = JobKeys.InputPack(jobId, 0, 0);
        await blobs.UploadAsync(key, pack, BlobWriteCondition.None, default);
        return key;
    }

    /// <summary>A command for tiles <paramref name="first"/> on, in the first (or only) pass of <paramref name="operation"/>.</summary>
    static ProcessTile RunOf(Guid jobId, string operation, IReadOnlyList<TileSpec> plan, int first, int length, string packKey)
    {
        var keep = plan[first].CoreWithinSource;
        return new ProcessTile
        {
            JobId = jobId, ImageId = NewId.NextGuid(), ImageIndex = 0, ImageCount = 1, TileIndex = first, TileRunLength = length,
            Geometry = FourTiles, Operation = operation, InputKey = packKey, InputKind = TileInputKind.RawTile,
            Keep = new TileRegion { X = keep.X, Y = keep.Y, Width = keep.Width, Height = keep.Height },
            ResultKey = JobKeys.Results(jobId, 0), OutputKey = JobKeys.Output(jobId, "a.png"), IsWholeImage = false,
            Pass = 0, PassCount = OperationSpec.Parse(operation).Passes.Count,
        };
    }

    /// <summary>
    /// What a first pass stored for each tile: its result, or its statistics when the chain has passes after it; stored
    /// by one command for the whole run (<paramref name="asRun"/>), or by a command per tile.
    /// </summary>
    static async Task<IReadOnlyList<byte[]>> ReadStoredAsync(IBlobStore blobs, ProcessTile command, bool asRun)
    {
        var tileCount = command.Geometry.TileCount;
        if (command.PassCount > 1)
        {
            if (asRun)
                return RunStatistics.Split(await blobs.ReadAllBytesAsync(JobKeys.TileStatistics(command.JobId, 0, 0, 0), default), tileCount);
            return await Task.WhenAll(Enumerable.Range(0, tileCount)
                .Select(tile => blobs.ReadAllBytesAsync(JobKeys.TileStatistics(command.JobId, 0, 0, tile), default)));
        }

        var results = new PartedBlob(command.ResultKey, tileCount).WithWrittenParts(asRun ? [0] : Enumerable.Range(0, tileCount));
        await using var parts = await blobs.OpenPartsAsync(results, default);
        var tiles = new List<byte[]>();
        for (var tile = 0; tile < tileCount; tile++)
        {
            using var result = RawTileFormat.ReadNext(parts);
            using var bytes = new MemoryStream();
            RawTileFormat.Write(result, bytes);
            tiles.Add(bytes.ToArray());
        }

        return tiles;
    }

    public void Dispose() => _folder.Dispose();
}
