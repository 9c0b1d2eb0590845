using ImagePipeline.Imaging.Tiling;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class TiledExecutionTests
{
    private static readonly string[] Photos = [SamplePhotos.ColourJpeg, SamplePhotos.ColourPng, SamplePhotos.GrayPng];

    // Sizes that divide none of the photos, one larger than any photo (a single tile).
    private static readonly int[] TileSizes = [7, 33, 100, 257, 4096];

    public static TheoryData<string, string, int> OperationsPhotosAndTileSizes()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var operation in OperationCatalog.All)
        {
            foreach (var photo in Photos)
            {
                foreach (var tileSize in TileSizes)
                {
                    data.Add(operation.Name, photo, tileSize);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, int> OperationsAndTinyTileSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var operation in OperationCatalog.All)
        {
            foreach (var tileSize in new[] { 1, 2, 3, 5 })
            {
                data.Add(operation.Name, tileSize);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OperationsPhotosAndTileSizes))]
    public void Run_WhenPhotoInTiles_EqualsWholeImageApply(string operationName, string photo, int tileSize)
    {
        var operation = OperationCatalog.Get(operationName);
        using var image = SamplePhotos.Load(photo);

        using var whole = operation.Apply(image);
        using var tiled = TiledExecution.Run(image, operation, tileSize);

        MatAssert.Identical(whole, tiled);
    }

    [Theory]
    [MemberData(nameof(OperationsAndTinyTileSizes))]
    public void Run_WhenTilesSmallerThanHalo_EqualsWholeImageApply(string operationName, int tileSize)
    {
        var operation = OperationCatalog.Get(operationName);
        // Odd sizes, and an edge with detail, so borders and halos both matter.
        using var image = SamplePhotos.Crop(SamplePhotos.ColourPng, 101, 77, 37, 23);

        using var whole = operation.Apply(image);
        using var tiled = TiledExecution.Run(image, operation, tileSize);

        MatAssert.Identical(whole, tiled);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    [InlineData(3, 4)]
    public void Run_WhenImageSmallerThanKernel_EqualsWholeImageApply(int width, int height)
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 300, 200, width, height);
        foreach (var operation in OperationCatalog.All)
        {
            using var whole = operation.Apply(image);
            using var tiled = TiledExecution.Run(image, operation, 1);

            MatAssert.Identical(whole, tiled);
        }
    }

    [Fact]
    public void Process_WhenSourceIsAViewIntoALargerImage_EqualsProcessingACopy()
    {
        var gaussian = OperationCatalog.Get("gaussian");
        using var image = SamplePhotos.Load(SamplePhotos.ColourPng);
        var core = new PixelRect(2, 2, 20, 10);
        using var view = new Mat(image, new Rect(50, 60, 24, 14));
        using var copy = view.Clone();

        using var fromView = TileProcessing.Process(view, core, gaussian);
        using var fromCopy = TileProcessing.Process(copy, core, gaussian);

        MatAssert.Identical(fromCopy, fromView);
        Assert.False(fromView.IsSubmatrix());
    }

    [Fact]
    public void Process_WhenCoreOutsideSource_Throws()
    {
        using var source = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));

        Assert.Throws<ArgumentOutOfRangeException>(() => TileProcessing.Process(source, new PixelRect(5, 5, 6, 1), OperationCatalog.Get("blur")));
    }

    [Fact]
    public void Paste_WhenTileDoesNotMatchCore_Throws()
    {
        var canvas = new TileCanvas(20, 10, 3);
        using var image = canvas.Image;
        using var gray = new Mat(4, 4, MatType.CV_8UC1, Scalar.All(1));
        using var colour = new Mat(4, 4, MatType.CV_8UC3, Scalar.All(1));

        Assert.Throws<ArgumentException>(() => canvas.Paste(new PixelRect(0, 0, 4, 4), gray));
        Assert.Throws<ArgumentException>(() => canvas.Paste(new PixelRect(0, 0, 5, 4), colour));
        Assert.Throws<ArgumentException>(() => canvas.Paste(new PixelRect(18, 0, 4, 4), colour));
    }

    [Fact]
    public void Paste_WhenTileFits_CopiesItThereOnly()
    {
        var canvas = new TileCanvas(6, 5, 1);
        using var image = canvas.Image;
        using var tile = new Mat(2, 3, MatType.CV_8UC1, Scalar.All(200));

        canvas.Paste(new PixelRect(3, 1, 3, 2), tile);

        Assert.Equal(6, Cv2.CountNonZero(image));
        Assert.Equal(200, image.At<byte>(2, 5));
        Assert.Equal(0, image.At<byte>(0, 0));
    }
}
