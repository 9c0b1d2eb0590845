using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>Tiled equals whole for every step, with its defaults and with other parameters, on colour and on gray pixels.</summary>
public sealed class StepTilingTests
{
    // Parameters that change the halo or the code path, beyond each step's defaults.
    internal static readonly string[] Variants =
    [
        "blur:ksize=9", "gaussian:ksize=9,sigma=2.5", "gaussian:ksize=3,sigma=7", "median:ksize=7", "bilateral:d=5,sigma_color=30,sigma_space=10",
        "canny:low=20,high=60,aperture=5", "brightness_increase:alpha=0.7,beta=-20", "to_bw:value=60",
        "sharpen:ksize=9,sigma=3,amount=2.5", "sobel:dx=0,dy=1,ksize=5", "sobel:dx=1,dy=1,ksize=1", "sobel:dx=2,dy=0,ksize=7", "laplacian:ksize=5",
        "erode:ksize=5,shape=ellipse,iterations=2", "dilate:ksize=7,shape=cross", "threshold:value=90,type=tozero_inv", "threshold:method=otsu",
        "adaptive_threshold:method=gaussian,block=15,c=-3,type=binary_inv", "adaptive_threshold:block=3", "clahe:clip=4,grid=3", "gamma:gamma=0.4",
        "threshold:method=otsu,type=trunc,max=200", "canny:low=5,high=250", "canny:low=0,high=10000", "canny:low=30,high=30,aperture=7",
        "clahe:grid=64", "clahe:clip=40,grid=5", "clahe:grid=1", "clahe:clip=0.1,grid=2",
        "resize:width=40", "resize:scale=1.7,interpolation=cubic", "rotate:angle=180", "rotate:angle=270", "flip:axis=both",
    ];

    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var spec in StepCatalog.All.Select(d => d.Name).Concat(Variants))
        {
            data.Add(spec);
            // The same step on 1-channel pixels.
            data.Add("to_gray|" + spec);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Run_WhenStepInTiles_EqualsWholeImageApply(string spec)
    {
        var chain = OperationSpec.Parse(spec);
        using var image = SamplePhotos.Crop(SamplePhotos.ColourPng, 90, 60, 131, 97);
        using var whole = chain.Apply(image);
        foreach (var tileSize in new[] { 1, 4, 17, 64 })
        {
            using var tiled = TiledExecution.Run(image, chain, tileSize);

            MatAssert.Identical(whole, tiled);
        }
    }

    [Theory]
    [InlineData("resize:scale=0.5", 131, 97, 66, 49)]
    [InlineData("resize:width=40", 131, 97, 40, 30)]
    [InlineData("resize:width=400,height=50", 131, 97, 68, 50)]
    [InlineData("resize:scale=0.01", 131, 97, 1, 1)]
    [InlineData("rotate", 131, 97, 97, 131)]
    [InlineData("rotate:angle=180", 131, 97, 131, 97)]
    [InlineData("flip:axis=vertical|rotate:angle=270", 131, 97, 97, 131)]
    public void Apply_WhenGeometricStep_GivesTheExpectedSize(string spec, int width, int height, int expectedWidth, int expectedHeight)
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourPng, 90, 60, width, height);

        using var result = OperationSpec.Parse(spec).Apply(image);

        Assert.Equal(new OpenCvSharp.Size(expectedWidth, expectedHeight), result.Size());
    }

    [Fact]
    public void Apply_WhenRotatedFourTimesOrFlippedTwice_GivesTheImageBack()
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 10, 20, 31, 17);

        using var rotated = OperationSpec.Parse("rotate|rotate|rotate|rotate").Apply(image);
        using var flipped = OperationSpec.Parse("flip:axis=both|flip:axis=both").Apply(image);

        MatAssert.Identical(image, rotated);
        MatAssert.Identical(image, flipped);
    }

    [Fact]
    public void Apply_WhenGammaOneOrAdaptiveOnConstant_GivesKnownValues()
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 10, 20, 31, 17);
        using var constant = new OpenCvSharp.Mat(9, 9, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(100));

        using var same = OperationSpec.Parse("gamma:gamma=1").Apply(image);
        using var adaptive = OperationSpec.Parse("adaptive_threshold").Apply(constant);

        MatAssert.Identical(image, same);
        // Every pixel equals its block's mean, which is above mean - c: all white.
        Assert.Equal(81, OpenCvSharp.Cv2.CountNonZero(adaptive));
    }
}
