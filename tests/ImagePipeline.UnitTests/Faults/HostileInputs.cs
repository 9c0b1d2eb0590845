using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>The broken, unusual and hostile files of the reliability brief, written into a folder.</summary>
internal static class HostileInputs
{
    /// <summary>Files that are images, however unusual: each must come out processed.</summary>
    public static IReadOnlyList<string> WriteValid(string folder)
    {
        Directory.CreateDirectory(folder);
        using var photo = Cv2.ImRead(SampleImages.Files().First(f => f.EndsWith("chelsea.png")), ImreadModes.Color);
        var written = new List<string>
        {
            Write(folder, "one-pixel.png", Encode(".png", new Mat(photo, new Rect(10, 10, 1, 1)))),
            Write(folder, "one-row.png", Encode(".png", new Mat(photo, new Rect(0, 50, photo.Width, 1)))),
            Write(folder, "one-column.png", Encode(".png", new Mat(photo, new Rect(50, 0, 1, photo.Height)))),
            Write(folder, "sixteen-bit.png", Encode16Bit(photo)),
            Write(folder, "alpha.png", EncodeWithAlpha(photo)),
            Write(folder, "palette.png", PngBuilder.Palette(PaletteIndexes(96, 64), new byte[] { 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, 200, 90, 40, 10 })),
            Write(folder, "interlaced.png", PngBuilder.InterlacedGray(GrayRamp(97, 75))),
            Write(folder, "progressive.jpg", Encode(".jpg", photo, (int)ImwriteFlags.JpegProgressive, 1)),
            Write(folder, "exif-rotated.jpg", JpegExif.WithOrientation(Encode(".jpg", photo), orientation: 6)),
            Write(folder, "name with spaces é ü 写真.png", Encode(".png", photo)),
            Write(folder, "photo.webp", Encode(".webp", photo)),
            Write(folder, "photo.tiff", Encode(".tiff", photo)),
            Write(folder, "photo.bmp", Encode(".bmp", photo)),
            Write(folder, "cmyk.jpg", File.ReadAllBytes(CmykJpeg)),
        };
        return written;
    }

    /// <summary>A CMYK JPEG: a crop of chelsea.png at (20, 20), 160 x 120 (tests/fixtures/README.md says how it was made).</summary>
    public static string CmykJpeg => Path.Combine(TestData.RepositoryPaths.Root, "tests", "fixtures", "cmyk.jpg");

    /// <summary>Files that are not processable images, each with a word its failure reason must contain.</summary>
    public static IReadOnlyList<(string Path, string ReasonContains)> WriteInvalid(string folder)
    {
        Directory.CreateDirectory(folder);
        using var photo = Cv2.ImRead(SampleImages.Files().First(f => f.EndsWith("coffee.png")), ImreadModes.Color);
        var jpeg = Encode(".jpg", photo);
        var png = Encode(".png", photo);
        return
        [
            (Write(folder, "empty.png", []), "not a supported image"),
            (Write(folder, "truncated.jpg", jpeg[..(jpeg.Length / 2)]), "truncated"),
            (Write(folder, "truncated.png", png[..(png.Length / 2)]), "truncated"),
            (Write(folder, "text.png", "just some text, not an image\n"u8.ToArray()), "not a supported image"),
            (Write(folder, "bomb.png", PngBuilder.LyingHeader(100_000, 100_000)), "above the limit"),
        ];
    }

    static byte[] Encode(string extension, Mat image, params int[] parameters)
    {
        Cv2.ImEncode(extension, image, out var bytes, parameters);
        return bytes;
    }

    static string Write(string folder, string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static byte[] Encode16Bit(Mat photo)
    {
        using var deep = new Mat();
        photo.ConvertTo(deep, MatType.CV_16UC3, 257);
        return Encode(".png", deep);
    }

    static byte[] EncodeWithAlpha(Mat photo)
    {
        using var bgra = new Mat();
        Cv2.CvtColor(photo, bgra, ColorConversionCodes.BGR2BGRA);
        return Encode(".png", bgra);
    }

    static byte[][] PaletteIndexes(int width, int height) =>
        Enumerable.Range(0, height).Select(y => Enumerable.Range(0, width).Select(x => (byte)((x / 8 + y / 8) % 6)).ToArray()).ToArray();

    static byte[,] GrayRamp(int width, int height)
    {
        var pixels = new byte[height, width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                pixels[y, x] = (byte)((x * 3 + y * 5) % 256);
        return pixels;
    }
}
