using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Codecs.Png;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class PngWriterTests
{
    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(3, 33, 7)]
    [InlineData(1, 33, 7)]
    // 4 MiB strips of 9,004-byte rows hold 465 rows: two whole strips and a last one of a single row.
    [InlineData(3, 3001, 931)]
    [InlineData(1, 5000, 1700)]
    public void Write_WhenDecodedByOpenCv_GivesTheSamePixels(int channels, int width, int height)
    {
        using var image = Photo(channels, width, height);

        var png = Encode(image, Environment.ProcessorCount);
        using var decoded = Cv2.ImDecode(png, ImreadModes.Unchanged);

        MatAssert.Identical(image, decoded);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Write_OverSeveralStrips_FiltersEveryRowWithUp_AndEveryChecksumHolds(int channels)
    {
        using var image = Photo(channels, 3001, 931);

        var png = Encode(image, Environment.ProcessorCount);
        // Inflating checks the zlib stream's Adler-32, which the strips' own checksums were combined into.
        var filters = PngBuilder.RowFilterTypes(png, image.Width, image.Height, channels);

        Assert.True(PngBuilder.ChunkChecksumsHold(png));
        Assert.All(filters, filter => Assert.Equal(2, filter)); // PNG filter type 2: Up
    }

    [Fact]
    public void Write_WhenThePixelsAreNoise_StoresThemWithoutOverflowingAStrip()
    {
        // Noise does not compress: each strip's deflate output is about as large as its input.
        using var noise = new Mat(931, 3001, MatType.CV_8UC3);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));

        var png = Encode(noise, Environment.ProcessorCount);
        using var decoded = Cv2.ImDecode(png, ImreadModes.Unchanged);

        Assert.True(png.Length > 931 * 3001 * 3);
        MatAssert.Identical(noise, decoded);
    }

    [Fact]
    public void Write_GivesTheSameBytesOnAnyNumberOfCores()
    {
        using var image = Photo(3, 3001, 931);

        var one = Encode(image, 1);

        Assert.Equal(one, Encode(image, 2));
        Assert.Equal(one, Encode(image, 3));
    }

    [Fact]
    public void Write_WhenNotEightBit_Throws()
    {
        using var image = new Mat(4, 4, MatType.CV_16UC3, Scalar.All(1));

        Assert.Throws<ArgumentException>(() => PngWriter.Write(image, new MemoryStream(), 1));
    }

    [Fact]
    public void ImageCodec_ForAPngLargerThanATile_WritesItOnEveryCore_ToMemoryAndToAFileAlike()
    {
        // Just over 2048 x 2048 pixels: the codec's threshold.
        using var image = Photo(3, 2049, 2048);

        var encoded = ImageCodec.Encode(image, OutputFormat.Png, 0);
        byte[] written;
        using (var file = ImageCodec.EncodeToTemporaryFile(image, OutputFormat.Png, 0))
        using (var copy = new MemoryStream())
        {
            file.CopyTo(copy);
            written = copy.ToArray();
        }

        Assert.Equal(Encode(image, 1), encoded);
        Assert.Equal(encoded, written);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(70_000)]
    public void Adler32_OfTwoPiecesCombined_IsTheAdler32OfTheWhole(int split)
    {
        var data = new byte[100_000];
        new Random(split).NextBytes(data);

        var combined = Adler32.Combine(
            Adler32.Update(Adler32.Initial, data.AsSpan(0, split)),
            Adler32.Update(Adler32.Initial, data.AsSpan(split)),
            data.Length - split);

        Assert.Equal(Adler32.Update(Adler32.Initial, data), combined);
        // A known value: Adler-32 of "Wikipedia" is 0x11E60398.
        Assert.Equal(0x11E60398u, Adler32.Update(Adler32.Initial, "Wikipedia"u8));
    }

    static byte[] Encode(Mat image, int cores)
    {
        using var png = new MemoryStream();
        PngWriter.Write(image, png, cores);
        return png.ToArray();
    }

    // A sample photograph resized to the size asked for: real content, whose rows differ.
    static Mat Photo(int channels, int width, int height)
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourJpeg);
        using var resized = photo.Resize(new Size(width, height), interpolation: InterpolationFlags.Cubic);
        return channels == 1 ? resized.CvtColor(ColorConversionCodes.BGR2GRAY) : resized.Clone();
    }
}
