using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>What the pipeline makes of the inputs people have: every one becomes 8-bit BGR, as documented in 'imagepipe ops'.</summary>
public sealed class InputFormatTests
{
    [Fact]
    public void DecodeBgr_WhenSixteenBitColourPng_KeepsEachSamplesHighByte()
    {
        using var photo = SamplePhotos.Crop(SamplePhotos.ColourPng, 10, 10, 40, 30);
        using var wide = new Mat();
        // v * 257 has v in both bytes: rounding v * 257 / 256 would give v + 1 for v >= 128, the high byte gives v.
        photo.ConvertTo(wide, MatType.CV_16UC3, 257);

        using var decoded = ImageCodec.DecodeBgr(Encode(".png", wide));

        MatAssert.Identical(photo, decoded);
    }

    [Fact]
    public void DecodeBgr_WhenSixteenBitGrayPng_GivesThreeEqualHighByteChannels()
    {
        using var gray = new Mat(8, 9, MatType.CV_16UC1, Scalar.All(0x12F0));
        using var decoded = ImageCodec.DecodeBgr(Encode(".png", gray));

        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        Assert.Equal(new Vec3b(0x12, 0x12, 0x12), decoded.At<Vec3b>(4, 4));
    }

    [Fact]
    public void DecodeBgr_WhenPngHasAlpha_DropsItAndKeepsTheStoredColour()
    {
        using var bgra = new Mat(5, 6, MatType.CV_8UC4, new Scalar(10, 20, 30, 0));

        using var decoded = ImageCodec.DecodeBgr(Encode(".png", bgra));

        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        Assert.Equal(new Vec3b(10, 20, 30), decoded.At<Vec3b>(2, 3));
    }

    [Fact]
    public void DecodeBgr_WhenPalettePng_LooksUpTheColours()
    {
        byte[] palette = [255, 0, 0, 0, 0, 255];
        using var decoded = ImageCodec.DecodeBgr(PngBuilder.Palette([[0, 1], [1, 0]], palette));

        Assert.Equal(new Vec3b(0, 0, 255), decoded.At<Vec3b>(0, 0));
        Assert.Equal(new Vec3b(255, 0, 0), decoded.At<Vec3b>(0, 1));
    }

    [Theory]
    [InlineData(".bmp")]
    [InlineData(".tiff")]
    [InlineData(".webp")]
    public void DecodeBgr_WhenLosslessBmpTiffOrWebP_GivesTheSamePixels(string extension)
    {
        using var photo = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 50, 40, 33, 21);
        // WebP quality above 100 is lossless.
        var parameters = extension == ".webp" ? new[] { new ImageEncodingParam(ImwriteFlags.WebPQuality, 101) } : [];
        Cv2.ImEncode(extension, photo, out var encoded, parameters);

        using var decoded = ImageCodec.DecodeBgr(encoded);

        MatAssert.Identical(photo, decoded);
    }

    [Fact]
    public void DecodeBgr_WhenExifRotatedJpeg_TurnsItBeforeAnyOperation()
    {
        using var photo = SamplePhotos.Crop(SamplePhotos.ColourPng, 0, 0, 60, 40);
        var stored = Encode(".jpg", photo);
        using var upright = ImageCodec.DecodeBgr(stored);
        using var expected = new Mat();
        Cv2.Rotate(upright, expected, RotateFlags.Rotate90Clockwise);

        using var decoded = ImageCodec.DecodeBgr(JpegExif.WithOrientation(stored, 6));

        MatAssert.Identical(expected, decoded);
    }

    private static byte[] Encode(string extension, Mat image)
    {
        Cv2.ImEncode(extension, image, out var encoded);
        return encoded;
    }
}
