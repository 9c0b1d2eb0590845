using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class OutputFormatTests
{
    [Theory]
    [InlineData("png", 1)]
    [InlineData("png", 3)]
    [InlineData("tiff", 1)]
    [InlineData("tiff", 3)]
    public void Encode_WhenLosslessFormat_DecodesToTheSamePixels(string name, int channels)
    {
        using var image = Photo(channels);

        var encoded = ImageCodec.Encode(image, OutputFormats.Parse(name, 0), 0);

        using var decoded = Cv2.ImDecode(encoded, ImreadModes.Unchanged);
        MatAssert.Identical(image, decoded);
    }

    [Theory]
    [InlineData("jpg", 0, 1, new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("jpg", 60, 3, new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("webp", 0, 3, new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    [InlineData("webp", 100, 1, new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    public void Encode_WhenLossyFormat_WritesThatFormatCloseToThePixels(string name, int quality, int channels, byte[] signature)
    {
        using var image = Photo(channels);

        var encoded = ImageCodec.Encode(image, OutputFormats.Parse(name, quality), quality);

        Assert.Equal(signature, encoded[..signature.Length]);
        using var decoded = Cv2.ImDecode(encoded, channels == 1 ? ImreadModes.Grayscale : ImreadModes.Color);
        Assert.Equal(image.Size(), decoded.Size());
        Assert.True(Cv2.PSNR(image, decoded) > 28, $"PSNR {Cv2.PSNR(image, decoded)}");
    }

    [Fact]
    public void Encode_WhenQualityLower_IsSmaller()
    {
        using var image = Photo(3);

        Assert.True(ImageCodec.Encode(image, OutputFormat.Jpeg, 30).Length < ImageCodec.Encode(image, OutputFormat.Jpeg, 0).Length);
        Assert.True(ImageCodec.Encode(image, OutputFormat.WebP, 30).Length < ImageCodec.Encode(image, OutputFormat.WebP, 0).Length);
    }

    [Theory]
    [InlineData("gif", 0, "Unknown output format 'gif'")]
    [InlineData("png", 80, "--quality applies to jpg and webp only")]
    [InlineData("tiff", 80, "--quality applies to jpg and webp only")]
    [InlineData("jpg", 101, "--quality must be between 1 and 100")]
    [InlineData("webp", -5, "--quality must be between 1 and 100")]
    public void Parse_WhenFormatOrQualityInvalid_ThrowsSayingWhy(string name, int quality, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => OutputFormats.Parse(name, quality));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png", ".png")]
    [InlineData("jpg", ".jpg")]
    [InlineData("jpeg", ".jpg")]
    [InlineData("webp", ".webp")]
    [InlineData("tiff", ".tiff")]
    public void Extension_WhenFormatParsed_FollowsTheFormat(string name, string extension) =>
        Assert.Equal(extension, OutputFormats.Extension(OutputFormats.Parse(name, 0)));

    private static Mat Photo(int channels)
    {
        var colour = SamplePhotos.Crop(SamplePhotos.ColourPng, 100, 50, 120, 90);
        if (channels == 3)
            return colour;
        using (colour)
        {
            var gray = new Mat();
            Cv2.CvtColor(colour, gray, ColorConversionCodes.BGR2GRAY);
            return gray;
        }
    }
}
