using ImagePipeline.Imaging.Operations;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class OperationCatalogTests
{
    [Fact]
    public void All_WhenListed_HasTheSeedsTenOperationsInMenuOrder()
    {
        Assert.Equal(
            ["blur", "gaussian", "median", "bilateral", "canny", "invert", "brightness_increase", "to_gray", "to_bw", "contrast_stretching"],
            OperationCatalog.All.Select(o => o.Name));
    }

    [Theory]
    [InlineData("blur", 2, false, false)]
    [InlineData("gaussian", 2, false, false)]
    [InlineData("median", 2, false, false)]
    [InlineData("bilateral", 4, false, false)]
    [InlineData("canny", 2, false, true)]
    [InlineData("invert", 0, false, false)]
    [InlineData("brightness_increase", 0, false, false)]
    [InlineData("to_gray", 0, false, true)]
    [InlineData("to_bw", 0, false, true)]
    [InlineData("contrast_stretching", 0, false, false)]
    public void Get_WhenKnownName_DescribesHaloScopeAndChannels(string name, int halo, bool isGlobal, bool producesGray)
    {
        var operation = OperationCatalog.Get(name);

        Assert.Equal(name, operation.Name);
        Assert.Equal(halo, operation.Halo);
        Assert.Equal(isGlobal, operation.IsGlobal);
        Assert.Equal(producesGray, operation.ProducesGray);
        Assert.False(string.IsNullOrWhiteSpace(operation.Description));
        Assert.Equal(isGlobal, operation.Description.Contains("whole", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("blur", 3)]
    [InlineData("gaussian", 3)]
    [InlineData("median", 3)]
    [InlineData("bilateral", 3)]
    [InlineData("canny", 1)]
    [InlineData("invert", 3)]
    [InlineData("brightness_increase", 3)]
    [InlineData("to_gray", 1)]
    [InlineData("to_bw", 1)]
    [InlineData("contrast_stretching", 3)]
    public void Apply_WhenPhoto_KeepsSizeAndGivesExpectedChannels(string name, int channels)
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 200, 100, 64, 48);

        using var result = OperationCatalog.Get(name).Apply(image);

        Assert.Equal(MatType.CV_8UC(channels), result.Type());
        Assert.Equal(image.Size(), result.Size());
    }

    [Fact]
    public void Apply_WhenPerPixelOperations_GiveKnownValues()
    {
        using var image = new Mat(1, 1, MatType.CV_8UC3, new Scalar(10, 100, 200));

        using var inverted = OperationCatalog.Get("invert").Apply(image);
        using var brighter = OperationCatalog.Get("brightness_increase").Apply(image);
        using var gray = OperationCatalog.Get("to_gray").Apply(image);
        using var bw = OperationCatalog.Get("to_bw").Apply(image);

        Assert.Equal(new Vec3b(245, 155, 55), inverted.At<Vec3b>(0, 0));
        Assert.Equal(new Vec3b(15, 150, 255), brighter.At<Vec3b>(0, 0));
        // 0.114 B + 0.587 G + 0.299 R = 119.64, rounded.
        Assert.Equal(120, gray.At<byte>(0, 0));
        Assert.Equal(0, bw.At<byte>(0, 0));
    }

    [Fact]
    public void Apply_WhenNotThreeChannels_Throws()
    {
        using var gray = new Mat(4, 4, MatType.CV_8UC1, Scalar.All(0));

        Assert.All(OperationCatalog.All, operation => Assert.Throws<ArgumentException>(() => operation.Apply(gray)));
    }

    [Fact]
    public void Get_WhenUnknownName_ThrowsListingKnownNames()
    {
        var error = Assert.Throws<UnknownOperationException>(() => OperationCatalog.Get("sharpen"));

        Assert.Equal("sharpen", error.Name);
        Assert.Contains("contrast_stretching", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_WhenUnknownName_ReturnsFalse()
    {
        Assert.False(OperationCatalog.TryGet("Blur", out var operation));
        Assert.Null(operation);
        Assert.True(OperationCatalog.TryGet("blur", out operation));
        Assert.Equal("blur", operation.Name);
    }
}
