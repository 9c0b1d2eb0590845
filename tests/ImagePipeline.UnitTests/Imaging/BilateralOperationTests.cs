using ImagePipeline.Imaging.Operations;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class BilateralOperationTests
{
    private readonly IImageOperation bilateral = OperationCatalog.Get("bilateral");

    [Theory]
    [InlineData(SamplePhotos.ColourPng, 5)]
    [InlineData(SamplePhotos.ColourPng, 6)]
    [InlineData(SamplePhotos.GrayPng, 5)]
    [InlineData(SamplePhotos.GrayPng, 6)]
    public void Run_WhenTilesNarrowerThanSimdWidth_EqualsWholeImageApply(string photo, int tileSize)
    {
        // Plain Cv2.BilateralFilter failed these: pixels of sources under 16 wide took OpenCV's scalar loop.
        using var image = SamplePhotos.Load(photo);

        using var whole = bilateral.Apply(image);
        using var tiled = TiledExecution.Run(image, bilateral, tileSize);

        MatAssert.Identical(whole, tiled);
    }

    [Theory]
    [InlineData(SamplePhotos.ColourPng)]
    [InlineData(SamplePhotos.ColourJpeg)]
    [InlineData(SamplePhotos.GrayPng)]
    public void Apply_WhenPhoto_MatchesPlainBilateralFilter(string photo)
    {
        using var image = SamplePhotos.Load(photo);
        using var plain = new Mat();
        Cv2.BilateralFilter(image, plain, 9, 75, 75);

        using var result = bilateral.Apply(image);

        // Only the last few pixels of a row may differ, by the scalar loop's rounding.
        MatAssert.Within(plain, result, 1);
    }
}
