using ImagePipeline.Client.Progress;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>The submitter refuses a decompression bomb from its header alone, before decoding a pixel.</summary>
public sealed class PixelLimitTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-limit-").FullName;

    [Theory]
    [InlineData(2048)]
    [InlineData(256)]
    public async Task Submit_WhenPngHeaderClaimsTenGigapixels_RefusesItWithTheReasonAndQueuesNothing(int tileSize)
    {
        // 100000 x 100000 x 3 bytes would be 30 GB decoded; the file holds 64 bytes of pixel data.
        var bomb = Path.Combine(_work, "bomb.png");
        await File.WriteAllBytesAsync(bomb, PngBuilder.LyingHeader(100_000, 100_000));

        var progress = await EmbeddedRun.RunAsync(_work, [bomb], "gaussian", tileSize, Path.Combine(_work, "out"));

        var image = Assert.Single(progress.Images);
        Assert.Equal(ImageOutcome.Failed, image.Outcome);
        Assert.Equal(0, image.TileCount);
        Assert.Equal("image is 100000 x 100000 = 10000000000 pixels, above the limit of 500000000", image.FailureReason);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
