using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Protocol;

public sealed class ImageLayoutTests
{
    const int DefaultPackBytes = 1 << 20;

    [Theory]
    [InlineData(4000, 3000, 64, 2)]
    [InlineData(4000, 3000, 512, 4)]
    [InlineData(1000, 700, 100, 0)]
    [InlineData(8000, 6000, 2048, 4)]
    [InlineData(5, 3, 2048, 2)]
    public void Packs_HoldEveryTileOnce_InOrder_EndToEnd(int width, int height, int tileSize, int halo)
    {
        var layout = LayoutOf(width, height, tileSize, halo);

        var next = 0;
        foreach (var pack in layout.Packs)
        {
            Assert.Equal(next, pack.FirstTile);
            Assert.True(pack.TileCount >= 1);
            var tiles = layout.Tiles.Skip(pack.FirstTile).Take(pack.TileCount);
            Assert.Equal(tiles.Sum(RawLength), pack.Length);
            next += pack.TileCount;
        }

        Assert.Equal(layout.TileCount, next);
        Assert.Equal(TilePlanner.Plan(width, height, tileSize, halo), layout.Tiles);
        Assert.Equal(Enumerable.Range(0, layout.Packs.Count), layout.Packs.Select(pack => pack.Index));
    }

    [Fact]
    public void Packs_OfSmallTiles_ShareBlobsOfAtMostTheLimit_AndFillThem()
    {
        // The orchestration ceiling's input: 2,961 tiles of 64 px.
        var layout = LayoutOf(4000, 3000, 64, halo: 2);

        Assert.All(layout.Packs, pack => Assert.True(pack.Length <= DefaultPackBytes));
        Assert.All(layout.Packs.SkipLast(1), pack => Assert.True(pack.TileCount > 1));
        // Full but for less than one more tile: no pack closes early.
        var largestTile = layout.Tiles.Max(RawLength);
        Assert.All(layout.Packs.SkipLast(1), pack => Assert.True(pack.Length + largestTile > DefaultPackBytes));
        // So the whole takes the fewest packs to within one tile each: about 40 for the 2,961 tiles.
        var total = layout.Packs.Sum(pack => pack.Length);
        Assert.InRange(layout.Packs.Count, (int)Math.Ceiling(total / (double)DefaultPackBytes),
            (int)Math.Ceiling(total / (double)(DefaultPackBytes - largestTile)));
    }

    [Fact]
    public void Packs_OfTilesLargerThanTheLimit_EachHaveABlobToThemselves()
    {
        var layout = LayoutOf(8000, 6000, 2048, halo: 4);

        Assert.Equal(layout.TileCount, layout.Packs.Count);
        Assert.All(layout.Packs, pack => Assert.Equal(1, pack.TileCount));
    }

    [Fact]
    public void Packs_FollowTheLimitTheImageWasPreparedWith_NotTodaysDefault()
    {
        // A message queued by a build that packed up to 256 KiB is read as it was packed.
        var layout = LayoutOf(4000, 3000, 64, halo: 2, maxPackBytes: 256 << 10);

        Assert.All(layout.Packs, pack => Assert.True(pack.Length <= 256 << 10));
        Assert.True(layout.Packs.Count > LayoutOf(4000, 3000, 64, halo: 2).Packs.Count);
    }

    [Fact]
    public void Commands_OfEachPass_CoverEveryTileOnce_OnePerPack()
    {
        var layout = LayoutOf(1000, 700, 100, halo: 0);

        var commands = layout.CommandsFor(pass: 1);

        Assert.Equal(layout.Packs.Count, commands.Count);
        Assert.All(commands, command => Assert.Equal((layout.Image, layout.Recipe, 1), (command.Image, command.Recipe, command.Pass)));
        Assert.Equal(Enumerable.Range(0, layout.TileCount), commands.SelectMany(command => Enumerable.Range(command.Tiles.First, command.Tiles.Count)));
        Assert.All(commands, command => Assert.Equal(command.Tiles, layout.PackOf(command.Tiles).Tiles));
    }

    [Fact]
    public void Commands_OfAnImageProcessedWhole_AreOneForTileZero()
    {
        var image = ImageMessages.NewImage();
        var layout = ImageLayout.Of(image, ImageMessages.Whole(image));

        var command = Assert.Single(layout.CommandsFor(pass: 0));

        Assert.Equal((false, 1), (layout.IsTiled, layout.TileCount));
        Assert.Equal(new TileRange { First = 0, Count = 1 }, command.Tiles);
    }

    [Fact]
    public void PackOf_TilesThatAreNotOnePacks_IsRefusedAsNeverProcessable()
    {
        var layout = LayoutOf(1000, 700, 100, halo: 0);
        var first = layout.Packs[0];

        Assert.Throws<InvalidImageException>(() => layout.PackOf(new TileRange { First = first.FirstTile, Count = first.TileCount - 1 }));
        Assert.Throws<InvalidImageException>(() => layout.PackOf(new TileRange { First = first.FirstTile + 1, Count = 1 }));
    }

    [Fact]
    public void IntermediateKeys_AreEveryBlobTheTilesLeave_AndAllIntermediate()
    {
        var layout = LayoutOf(1000, 700, 100, halo: 0, passCount: 3);

        var keys = layout.IntermediateKeys.ToList();

        // Packs, then the statistics of each pack in the two passes before the last, then those passes' parameters.
        Assert.Equal(layout.Packs.Count * 3 + 2, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, key => Assert.True(StoreLayout.IsIntermediate(key), key));
        Assert.All(keys, key => Assert.StartsWith(layout.Work, key, StringComparison.Ordinal));
        // A store without staged writes keeps each part of the results as a blob under the results key.
        Assert.True(StoreLayout.IsIntermediate(layout.Results.PartKey(layout.Packs.Count - 1)));
    }

    [Theory]
    [InlineData("work")]
    [InlineData("packs")]
    [InlineData("photo.png")]
    public void IsIntermediate_IsFalseForWhatAJobKeeps_WhateverTheOutputIsCalled(string outputName)
    {
        var layout = LayoutOf(1000, 700, 100, halo: 0);
        var jobId = layout.Image.JobId;

        Assert.False(StoreLayout.IsIntermediate(layout.Source));
        Assert.False(StoreLayout.IsIntermediate(layout.FailedMarker));
        Assert.False(StoreLayout.IsIntermediate(StoreLayout.Manifest(jobId)));
        Assert.False(StoreLayout.IsIntermediate(StoreLayout.CancelMarker(jobId)));
        Assert.False(StoreLayout.IsIntermediate(StoreLayout.Output(jobId, outputName)));
        Assert.False(StoreLayout.IsIntermediate(StoreLayout.JobStatus(jobId)));
    }

    [Fact]
    public void Keys_OfTwoImagesOfAJob_NeverMeet()
    {
        var first = LayoutOf(1000, 700, 100, halo: 0, index: 1);
        var second = LayoutOf(1000, 700, 100, halo: 0, index: 10, jobId: first.Image.JobId);

        Assert.False(second.Work.StartsWith(first.Work, StringComparison.Ordinal));
        Assert.NotEqual(first.Source, second.Source);
        Assert.Empty(first.IntermediateKeys.Intersect(second.IntermediateKeys));
    }

    static long RawLength(TileSpec tile) => RawTileFormat.LengthOf(tile.Source.Width, tile.Source.Height, 3);

    static ImageLayout LayoutOf(int width, int height, int tileSize, int halo, int? maxPackBytes = null, int passCount = 1, int index = 0,
        Guid? jobId = null)
    {
        var image = ImageMessages.NewImage(jobId, index, count: 20);
        var tiling = ImageLayout.Tiling(width, height, tileSize, halo, channels: 3);
        return ImageLayout.Of(image, ImageMessages.Whole(image) with
        {
            Tiling = maxPackBytes is { } limit ? tiling with { MaxPackBytes = limit } : tiling,
            PassCount = passCount,
        });
    }
}
