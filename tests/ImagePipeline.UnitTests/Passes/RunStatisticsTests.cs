using ImagePipeline.Imaging;
using ImagePipeline.Workers.Passes;

namespace ImagePipeline.UnitTests.Passes;

/// <summary>A run's statistics in one blob: each tile's bytes back, in order, or a clear refusal.</summary>
public sealed class RunStatisticsTests
{
    [Fact]
    public void Split_OfJoined_GivesEachTilesBytesInOrder()
    {
        byte[][] tiles = [[1, 2, 3], [], [4], new byte[1024]];

        Assert.Equal(tiles, RunStatistics.Split(RunStatistics.Join(tiles), tiles.Length));
    }

    [Theory]
    [InlineData(3)] // more tiles than were joined
    [InlineData(1)] // fewer: bytes left over
    public void Split_WhenTheCountIsNotTheJoinedOnes_IsRefused(int count)
    {
        var joined = RunStatistics.Join([[1, 2], [3]]);

        var failure = Assert.Throws<InvalidImageException>(() => RunStatistics.Split(joined, count));
        Assert.Contains("statistics are not valid", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_WhenALengthReachesPastTheEnd_IsRefused()
    {
        var joined = RunStatistics.Join([[1, 2, 3]]);

        Assert.Throws<InvalidImageException>(() => RunStatistics.Split(joined[..^1], 1));
    }
}
