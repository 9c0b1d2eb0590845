using System.Text;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.UnitTests.TestData;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class ImageCodecTests
{
    [Theory]
    [InlineData(SamplePhotos.ColourJpeg, 640, 427)]
    [InlineData(SamplePhotos.ColourPng, 451, 300)]
    [InlineData(SamplePhotos.GrayPng, 512, 512)]
    public void DecodeBgr_WhenSample_GivesEightBitBgrOfItsSize(string photo, int width, int height)
    {
        using var image = ImageCodec.DecodeBgr(SamplePhotos.Bytes(photo));

        Assert.Equal(MatType.CV_8UC3, image.Type());
        Assert.Equal(new Size(width, height), image.Size());
    }

    [Fact]
    public void DecodeBgr_WhenGrayPng_GivesThreeEqualChannels()
    {
        using var image = ImageCodec.DecodeBgr(SamplePhotos.Bytes(SamplePhotos.GrayPng));
        using var gray = Cv2.ImDecode(SamplePhotos.Bytes(SamplePhotos.GrayPng), ImreadModes.Grayscale);

        var channels = image.Split();
        try
        {
            Assert.All(channels, channel => MatAssert.Identical(gray, channel));
        }
        finally
        {
            Array.ForEach(channels, c => c.Dispose());
        }
    }

    [Fact]
    public void DecodeBgr_WhenZeroBytes_ThrowsInvalidImage()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr([]));

        Assert.Equal("not a decodable image (the file is empty)", error.Message);
    }

    [Fact]
    public void DecodeBgr_WhenText_ThrowsInvalidImage()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(Encoding.ASCII.GetBytes("This is a text file, not a photograph.\n")));

        Assert.StartsWith("not a decodable image (", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SamplePhotos.ColourJpeg, 0.5)]
    [InlineData(SamplePhotos.ColourJpeg, 0.99)]
    [InlineData("hubble_deep_field.jpg", 0.05)]
    [InlineData("hubble_deep_field.jpg", 0.7)]
    public void DecodeBgr_WhenTruncatedJpeg_ThrowsInvalidImage(string photo, double keptFraction)
    {
        var bytes = SamplePhotos.Bytes(photo);

        var error = Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(bytes[..(int)(bytes.Length * keptFraction)]));

        Assert.Equal("not a decodable image (truncated JPEG: it ends before its end-of-image marker)", error.Message);
    }

    [Fact]
    public void DecodeBgr_WhenJpegLacksOnlyItsEndMarker_ThrowsInvalidImage()
    {
        var bytes = SamplePhotos.Bytes(SamplePhotos.ColourJpeg);

        Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(bytes[..^2]));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void DecodeBgr_WhenTruncatedPng_ThrowsInvalidImage(double keptFraction)
    {
        var bytes = SamplePhotos.Bytes(SamplePhotos.ColourPng);

        var error = Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(bytes[..(int)(bytes.Length * keptFraction)]));

        Assert.Equal("not a decodable image (truncated PNG: it ends before its IEND chunk)", error.Message);
    }

    [Fact]
    public void DecodeBgr_WhenPngLacksOnlyItsEndChunk_ThrowsInvalidImage()
    {
        var bytes = SamplePhotos.Bytes(SamplePhotos.GrayPng);

        Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(bytes[..^12]));
    }

    [Fact]
    public void DecodeBgr_WhenBytesFollowJpegEnd_Decodes()
    {
        var bytes = SamplePhotos.Bytes(SamplePhotos.ColourJpeg);
        using var expected = ImageCodec.DecodeBgr(bytes);

        using var image = ImageCodec.DecodeBgr([.. bytes, .. new byte[100]]);

        MatAssert.Identical(expected, image);
    }

    [Fact]
    public void DecodeBgr_WhenProgressiveJpeg_Decodes()
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourPng);
        Cv2.ImEncode(".jpg", photo, out var progressive, new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1));

        using var image = ImageCodec.DecodeBgr(progressive);

        Assert.Equal(photo.Size(), image.Size());
        Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(progressive[..(progressive.Length * 2 / 3)]));
    }

    [Theory]
    [InlineData(".webp")]
    [InlineData(".bmp")]
    [InlineData(".tiff")]
    public void DecodeBgr_WhenOtherFormatTruncated_ThrowsInvalidImage(string extension)
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourPng);
        Cv2.ImEncode(extension, photo, out var encoded);
        using var whole = ImageCodec.DecodeBgr(encoded);

        Assert.Equal(photo.Size(), whole.Size());
        Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgr(encoded[..(encoded.Length / 2)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EncodePng_WhenDecodedAgain_IsLossless(int channels)
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourJpeg);
        using var image = new Mat();
        if (channels == 1)
        {
            Cv2.CvtColor(photo, image, ColorConversionCodes.BGR2GRAY);
        }
        else
        {
            photo.CopyTo(image);
        }

        var png = ImageCodec.EncodePng(image);
        using var decoded = Cv2.ImDecode(png, ImreadModes.Unchanged);

        Assert.True(png.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]));
        MatAssert.Identical(image, decoded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EncodePng_FiltersEveryRowWithUp(int channels)
    {
        // The Up filter with zlib's run-length strategy is the setting measured fastest (ImageCodec's
        // comment); an OpenCV that ignored its filter parameter would fall back to slower ones unseen.
        using var photo = SamplePhotos.Load(SamplePhotos.ColourJpeg);
        using var image = channels == 1 ? photo.CvtColor(ColorConversionCodes.BGR2GRAY) : photo.Clone();

        var filters = PngBuilder.RowFilterTypes(ImageCodec.EncodePng(image), image.Width, image.Height, channels);

        Assert.All(filters, filter => Assert.Equal(2, filter)); // PNG filter type 2: Up
    }

    [Fact]
    public void EncodePng_WhenNotEightBit_Throws()
    {
        using var floats = new Mat(3, 3, MatType.CV_32FC3, Scalar.All(0));

        Assert.Throws<ArgumentException>(() => ImageCodec.EncodePng(floats));
    }

    [Theory]
    [InlineData(SamplePhotos.ColourJpeg)]
    [InlineData(SamplePhotos.ColourPng)]
    [InlineData(SamplePhotos.GrayPng)]
    [InlineData("hubble_deep_field.jpg")]
    public void DecodeBgrFile_WhenSample_GivesWhatDecodeBgrGivesFromItsBytes(string photo)
    {
        using var expected = ImageCodec.DecodeBgr(SamplePhotos.Bytes(photo));

        using var image = ImageCodec.DecodeBgrFile(RepositoryPaths.Sample(photo));

        MatAssert.Identical(expected, image);
    }

    [Theory]
    [InlineData(SamplePhotos.ColourPng, 0.5, "truncated PNG: it ends before its IEND chunk")]
    [InlineData(SamplePhotos.GrayPng, 0.999, "truncated PNG: it ends before its IEND chunk")]
    [InlineData(SamplePhotos.ColourJpeg, 0.7, "truncated JPEG: it ends before its end-of-image marker")]
    [InlineData(SamplePhotos.ColourPng, 0, "the file is empty")]
    public void DecodeBgrFile_WhenTruncated_ThrowsInvalidImage(string photo, double keptFraction, string reason)
    {
        var bytes = SamplePhotos.Bytes(photo);
        var path = Path.Combine(Path.GetTempPath(), $"imagepipe-test-{Guid.NewGuid():N}{Path.GetExtension(photo)}");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keptFraction)]);
        try
        {
            var error = Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeBgrFile(path));

            Assert.Equal($"not a decodable image ({reason})", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(OutputFormat.Png, 0)]
    [InlineData(OutputFormat.Jpeg, 80)]
    [InlineData(OutputFormat.WebP, 0)]
    [InlineData(OutputFormat.Tiff, 0)]
    public void EncodeToTemporaryFile_GivesTheBytesOfEncode_AndDeletesTheFileOnClose(OutputFormat format, int quality)
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourPng);
        var expected = ImageCodec.Encode(photo, format, quality);
        string path;
        byte[] written;

        using (var file = ImageCodec.EncodeToTemporaryFile(photo, format, quality))
        using (var copy = new MemoryStream())
        {
            path = file.Name;
            file.CopyTo(copy);
            written = copy.ToArray();
        }

        Assert.Equal(expected, written);
        Assert.False(File.Exists(path));
    }
}
