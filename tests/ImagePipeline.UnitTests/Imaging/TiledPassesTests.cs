using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>Chains with global steps run tiled in passes, and give the whole-image result pixel for pixel.</summary>
public sealed class TiledPassesTests
{
    [Theory]
    [InlineData("gaussian:ksize=5|contrast_stretching|blur:ksize=7")]
    [InlineData("median|equalize|sharpen")]
    [InlineData("bilateral:d=5|threshold:method=otsu|dilate:ksize=5")]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=20,high=120")]
    [InlineData("equalize|canny:low=40,high=90|invert|contrast_stretching")]
    [InlineData("contrast_stretching|equalize|threshold:method=otsu,type=binary_inv")]
    [InlineData("canny:low=10,high=300,aperture=5|threshold:method=otsu")]
    [InlineData("clahe:clip=3,grid=4|sharpen|clahe")]
    public void Run_WhenChainHasGlobalSteps_EqualsWholeImageApply(string spec)
    {
        var chain = OperationSpec.Parse(spec);
        Assert.False(chain.IsGlobal);
        Assert.True(chain.Passes.Count > 1);
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 30, 20, 257, 181);
        using var whole = chain.Apply(image);
        foreach (var tileSize in new[] { 7, 16, 50, 300 })
        {
            using var tiled = TiledExecution.Run(image, chain, tileSize);

            MatAssert.Identical(whole, tiled);
        }
    }

    [Theory]
    [InlineData(160, 96)] // divides by the grid: no extension
    [InlineData(160, 97)] // only the height does not: OpenCV extends both sides by a whole grid step
    [InlineData(7, 5)] // smaller than the grid: regions of one pixel, mostly mirrored
    public void Run_WhenClaheGridMeetsImageSizes_EqualsWholeImageApply(int width, int height)
    {
        var chain = OperationSpec.Parse("clahe:clip=3");
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 40, 30, width, height);
        using var whole = chain.Apply(image);
        foreach (var tileSize in new[] { 1, 5, 33, 200 })
        {
            using var tiled = TiledExecution.Run(image, chain, tileSize);

            MatAssert.Identical(whole, tiled);
        }
    }

    [Fact]
    public void Run_WhenWeakEdgeContinuesAStrongOneIntoOtherTiles_KeepsItAsCannyDoes()
    {
        // A horizontal step edge whose contrast fades from left to right: strong in the first tile only,
        // weak but connected across every later tile. Hysteresis must follow it over the tile borders.
        using var image = new Mat(40, 200, MatType.CV_8UC3, Scalar.All(0));
        for (var x = 0; x < 200; x++)
            Cv2.Rectangle(image, new Rect(x, 20, 1, 20), Scalar.All(255 - x));
        var chain = OperationSpec.Parse("canny:low=100,high=600");
        using var whole = chain.Apply(image);
        using var tiled = TiledExecution.Run(image, chain, tileSize: 25);

        MatAssert.Identical(whole, tiled);
        // The edge reaches the last tiles, which hold no strong pixel of their own.
        using var lastTiles = new Mat(whole, new Rect(150, 0, 50, 40));
        Assert.True(Cv2.CountNonZero(lastTiles) > 0);
        using var lastTilesSource = new Mat(image, new Rect(150, 0, 50, 40)).Clone();
        using var lastTilesAlone = chain.Apply(lastTilesSource);
        Assert.Equal(0, Cv2.CountNonZero(lastTilesAlone));
    }
}
