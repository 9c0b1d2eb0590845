using System.Buffers.Binary;
using System.Text;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class ImageProbeTests
{
    public static TheoryData<string> Photos() => new(SamplePhotos.All);

    [Theory]
    [MemberData(nameof(Photos))]
    public void ReadHeader_WhenSample_GivesFormatAndDecodedSize(string photo)
    {
        var bytes = SamplePhotos.Bytes(photo);
        using var decoded = ImageCodec.DecodeBgr(bytes);

        var header = ImageProbe.ReadHeader(new MemoryStream(bytes));

        Assert.Equal(photo.EndsWith(".png", StringComparison.Ordinal) ? "png" : "jpeg", header.Format);
        Assert.Equal((decoded.Width, decoded.Height), (header.Width, header.Height));
    }

    [Theory]
    [InlineData(".webp", 80, "webp")]
    [InlineData(".webp", 101, "webp")]
    [InlineData(".bmp", 0, "bmp")]
    [InlineData(".tiff", 0, "tiff")]
    [InlineData(".jpg", 90, "jpeg")]
    [InlineData(".png", 0, "png")]
    public void ReadHeader_WhenEncodedByOpenCv_GivesFormatAndSize(string extension, int quality, string format)
    {
        // WebP quality above 100 selects the lossless (VP8L) encoder, below it the lossy (VP8) one.
        using var photo = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 10, 20, 301, 157);
        var parameters = extension == ".webp" ? new[] { new ImageEncodingParam(ImwriteFlags.WebPQuality, quality) } : [];
        Cv2.ImEncode(extension, photo, out var encoded, parameters);

        var header = ImageProbe.ReadHeader(new MemoryStream(encoded));

        Assert.Equal(new ImageHeader(format, 301, 157), header);
    }

    [Fact]
    public void ReadHeader_WhenGrayBmpAndTiff_GivesSize()
    {
        using var photo = SamplePhotos.Crop(SamplePhotos.GrayPng, 0, 0, 99, 67);
        using var gray = new Mat();
        Cv2.CvtColor(photo, gray, ColorConversionCodes.BGR2GRAY);

        foreach (var extension in new[] { ".bmp", ".tiff" })
        {
            Cv2.ImEncode(extension, gray, out var encoded);
            var header = ImageProbe.ReadHeader(new MemoryStream(encoded));
            Assert.Equal((99, 67), (header.Width, header.Height));
        }
    }

    [Fact]
    public void ReadHeader_WhenHugePngHeader_ReadsItWithoutDecoding()
    {
        var png = PngHeaderOnly(100_000, 100_000);
        using var stream = new MemoryStream(png);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var header = ImageProbe.ReadHeader(stream);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new ImageHeader("png", 100_000, 100_000), header);
        Assert.Equal(10_000_000_000L, header.PixelCount);
        Assert.True(allocated < 16_384, $"Reading a header allocated {allocated} bytes.");
    }

    [Fact]
    public void ReadHeader_WhenHandMadeWebPExtendedAndBigEndianTiff_GivesSize()
    {
        byte[] webp = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, 0x0F, 0x27, 0x00, 0x3F, 0x9C, 0x00];
        byte[] tiff = [.. "MM\0*"u8, 0, 0, 0, 8, 0, 2, 1, 0, 0, 3, 0, 0, 0, 1, 0x12, 0x34, 0, 0, 1, 1, 0, 4, 0, 0, 0, 1, 0, 1, 0, 0];

        Assert.Equal(new ImageHeader("webp", 10_000, 40_000), ImageProbe.ReadHeader(new MemoryStream(webp)));
        Assert.Equal(new ImageHeader("tiff", 0x1234, 65_536), ImageProbe.ReadHeader(new MemoryStream(tiff)));
    }

    [Fact]
    public void ReadHeader_WhenSeekableStream_LeavesPositionWhereItWas()
    {
        var bytes = SamplePhotos.Bytes(SamplePhotos.ColourJpeg);
        using var stream = new MemoryStream([.. new byte[5], .. bytes]);
        stream.Position = 5;

        ImageProbe.ReadHeader(stream);

        Assert.Equal(5, stream.Position);
    }

    [Fact]
    public void ReadHeader_WhenStreamCannotSeek_StillReadsJpegAfterItsMetadata()
    {
        var bytes = SamplePhotos.Bytes("hubble_deep_field.jpg");

        var header = ImageProbe.ReadHeader(new ForwardOnlyStream(bytes));

        Assert.Equal(new ImageHeader("jpeg", 1000, 872), header);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    [InlineData("GIF89a\u0001\0\u0001\0")]
    [InlineData("RIFF\0\0\0\0WAVEfmt ")]
    [InlineData("BM\0\0\0\0\0\0\0\0\0\0\0\0\u0007\0\0\0")]
    public void ReadHeader_WhenNotAnImage_ThrowsInvalidImage(string content)
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageProbe.ReadHeader(new MemoryStream(Encoding.Latin1.GetBytes(content))));

        Assert.StartsWith("not a supported image: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SamplePhotos.ColourPng, 20)]
    [InlineData(SamplePhotos.ColourJpeg, 3)]
    [InlineData("hubble_deep_field.jpg", 200)]
    public void ReadHeader_WhenHeaderTruncated_ThrowsInvalidImage(string photo, int length)
    {
        var bytes = SamplePhotos.Bytes(photo)[..length];

        var error = Assert.Throws<InvalidImageException>(() => ImageProbe.ReadHeader(new MemoryStream(bytes)));

        Assert.Equal("not a supported image: the header is truncated", error.Message);
    }

    [Fact]
    public void ReadHeader_WhenZeroWidth_ThrowsInvalidImage()
    {
        Assert.Throws<InvalidImageException>(() => ImageProbe.ReadHeader(new MemoryStream(PngHeaderOnly(0, 10))));
    }

    [Fact]
    public void EnsureWithin_WhenAboveLimit_ThrowsWithSizes()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageLimits.EnsureWithin(new ImageHeader("png", 100_000, 100_000), 100_000_000));

        Assert.Equal("image is 100000 x 100000 = 10000000000 pixels, above the limit of 100000000", error.Message);
    }

    [Fact]
    public void EnsureWithin_WhenAtLimit_Passes()
    {
        ImageLimits.EnsureWithin(new ImageHeader("jpeg", 4000, 3000), 12_000_000);
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new byte[33];
        ((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(png);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth
        png[25] = 2; // colour type RGB
        return png;
    }
}
