using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Layout;

namespace ImagePipeline.UnitTests.Jobs;

public sealed class InputPacksTests
{
    [Theory]
    [InlineData(4000, 3000, 64, 2)]
    [InlineData(4000, 3000, 512, 4)]
    [InlineData(1000, 700, 100, 0)]
    [InlineData(8000, 6000, 2048, 4)]
    [InlineData(5, 3, 2048, 2)]
    public void Of_PutsEveryTileInOnePack_InOrder_EndToEnd(int width, int height, int tileSize, int halo)
    {
        var plan = TilePlanner.Plan(width, height, tileSize, halo);

        var packs = InputPacks.Of(plan);

        var next = 0;
        foreach (var pack in packs)
        {
            Assert.Equal(next, pack.FirstTile);
            Assert.True(pack.TileCount >= 1);
            var tiles = plan.Skip(pack.FirstTile).Take(pack.TileCount);
            Assert.Equal(tiles.Sum(tile => RawTileFormat.LengthOf(tile.Source.Width, tile.Source.Height, InputPacks.SourceChannels)), pack.Length);
            next += pack.TileCount;
        }

        Assert.Equal(plan.Count, next);
        Assert.Equal(Enumerable.Range(0, packs.Count), packs.Select(pack => pack.Index));
    }

    [Fact]
    public void Of_SmallTiles_ShareBlobsOfAtMostTheLimit_AndFillThem()
    {
        // The orchestration ceiling's input: 2,961 tiles of 64 px.
        var plan = TilePlanner.Plan(4000, 3000, 64, halo: 2);

        var packs = InputPacks.Of(plan);

        Assert.All(packs, pack => Assert.True(pack.Length <= InputPacks.MaxPackBytes));
        Assert.All(packs.SkipLast(1), pack => Assert.True(pack.TileCount > 1));
        // Full but for less than one more tile: no pack closes early.
        var largestTile = plan.Max(tile => RawTileFormat.LengthOf(tile.Source.Width, tile.Source.Height, InputPacks.SourceChannels));
        Assert.All(packs.SkipLast(1), pack => Assert.True(pack.Length + largestTile > InputPacks.MaxPackBytes));
        // So the whole takes the fewest packs to within one tile each: about 40 for the 2,961 tiles.
        var total = packs.Sum(pack => pack.Length);
        Assert.InRange(packs.Count, (int)Math.Ceiling(total / (double)InputPacks.MaxPackBytes),
            (int)Math.Ceiling(total / (double)(InputPacks.MaxPackBytes - largestTile)));
    }

    [Fact]
    public void Of_TilesLargerThanThePackLimit_EachHaveABlobToThemselves()
    {
        var plan = TilePlanner.Plan(8000, 6000, 2048, halo: 4);

        var packs = InputPacks.Of(plan);

        Assert.Equal(plan.Count, packs.Count);
        Assert.All(packs, pack => Assert.Equal(1, pack.TileCount));
    }
}
