using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class TilePlannerTests
{
    [Theory]
    [InlineData(1, 1, 1, 0)]
    [InlineData(1, 1, 5, 3)]
    [InlineData(10, 10, 1, 2)]
    [InlineData(10, 7, 3, 1)]
    [InlineData(100, 37, 33, 4)]
    [InlineData(64, 64, 16, 0)]
    [InlineData(5, 300, 7, 2)]
    [InlineData(30, 20, 1000, 4)]
    public void Plan_WhenAnySizes_CoresCoverEveryPixelExactlyOnce(int width, int height, int tileSize, int halo)
    {
        var tiles = TilePlanner.Plan(width, height, tileSize, halo);

        var coverage = new int[width, height];
        foreach (var tile in tiles)
        {
            for (var x = tile.Core.X; x < tile.Core.Right; x++)
            {
                for (var y = tile.Core.Y; y < tile.Core.Bottom; y++)
                {
                    coverage[x, y]++;
                }
            }
        }

        Assert.All(coverage.Cast<int>(), count => Assert.Equal(1, count));
        Assert.Equal((long)width * height, tiles.Sum(t => (long)t.Core.Width * t.Core.Height));
    }

    [Theory]
    [InlineData(10, 7, 3, 1)]
    [InlineData(100, 37, 33, 4)]
    [InlineData(10, 10, 1, 2)]
    [InlineData(30, 20, 1000, 4)]
    public void Plan_WhenHalo_SourceIsCoreGrownByHaloAndClippedToImage(int width, int height, int tileSize, int halo)
    {
        foreach (var tile in TilePlanner.Plan(width, height, tileSize, halo))
        {
            Assert.Equal(Math.Max(0, tile.Core.X - halo), tile.Source.X);
            Assert.Equal(Math.Max(0, tile.Core.Y - halo), tile.Source.Y);
            Assert.Equal(Math.Min(width, tile.Core.Right + halo), tile.Source.Right);
            Assert.Equal(Math.Min(height, tile.Core.Bottom + halo), tile.Source.Bottom);
            Assert.Equal(tile.Core.X - tile.Source.X, tile.CoreWithinSource.X);
            Assert.Equal(tile.Core.Y - tile.Source.Y, tile.CoreWithinSource.Y);
        }
    }

    [Fact]
    public void Plan_WhenSizeDoesNotDivide_IsRowMajorWithSmallerEdgeTiles()
    {
        var tiles = TilePlanner.Plan(10, 7, 4, 0);

        Assert.Equal(
            [
                new PixelRect(0, 0, 4, 4), new PixelRect(4, 0, 4, 4), new PixelRect(8, 0, 2, 4),
                new PixelRect(0, 4, 4, 3), new PixelRect(4, 4, 4, 3), new PixelRect(8, 4, 2, 3),
            ],
            tiles.Select(t => t.Core));
        Assert.Equal(Enumerable.Range(0, 6), tiles.Select(t => t.Index));
    }

    [Fact]
    public void Plan_WhenOnePixelImage_GivesOneOnePixelTile()
    {
        var tile = Assert.Single(TilePlanner.Plan(1, 1, 256, 4));

        Assert.Equal(new PixelRect(0, 0, 1, 1), tile.Core);
        Assert.Equal(new PixelRect(0, 0, 1, 1), tile.Source);
    }

    [Fact]
    public void Plan_WhenTileLargerThanImage_GivesOneTileOfTheWholeImage()
    {
        var tile = Assert.Single(TilePlanner.Plan(300, 200, 1024, 4));

        Assert.Equal(new PixelRect(0, 0, 300, 200), tile.Core);
        Assert.Equal(new PixelRect(0, 0, 300, 200), tile.Source);
        Assert.Equal(new PixelRect(0, 0, 300, 200), tile.CoreWithinSource);
    }

    [Fact]
    public void Plan_WhenTileSizeOne_GivesOneTilePerPixelWithFullHalo()
    {
        var tiles = TilePlanner.Plan(6, 5, 1, 2);

        Assert.Equal(30, tiles.Count);
        var middle = tiles[(2 * 6) + 3];
        Assert.Equal(new PixelRect(3, 2, 1, 1), middle.Core);
        Assert.Equal(new PixelRect(1, 0, 5, 5), middle.Source);
        Assert.Equal(new PixelRect(2, 2, 1, 1), middle.CoreWithinSource);
    }

    [Fact]
    public void Plan_WhenHugeHalo_DoesNotOverflow()
    {
        var tile = Assert.Single(TilePlanner.Plan(10, 10, 10, int.MaxValue));

        Assert.Equal(new PixelRect(0, 0, 10, 10), tile.Source);
    }

    [Theory]
    [InlineData(0, 10, 4, 0)]
    [InlineData(10, 0, 4, 0)]
    [InlineData(-1, 10, 4, 0)]
    [InlineData(10, 10, 0, 0)]
    [InlineData(10, 10, -3, 0)]
    [InlineData(10, 10, 4, -1)]
    public void Plan_WhenArgumentOutOfRange_Throws(int width, int height, int tileSize, int halo)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePlanner.Plan(width, height, tileSize, halo));
    }
}
