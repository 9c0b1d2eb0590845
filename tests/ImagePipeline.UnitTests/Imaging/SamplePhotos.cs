using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.TestData;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>The sample photographs, decoded as the pipeline decodes them.</summary>
internal static class SamplePhotos
{
    public const string ColourJpeg = "rocket.jpg";
    public const string ColourPng = "chelsea.png";
    public const string GrayPng = "camera.png";

    /// <summary>Every photograph in samples/, by file name.</summary>
    public static IReadOnlyList<string> All { get; } =
        Directory.GetFiles(RepositoryPaths.Samples).Select(Path.GetFileName).OfType<string>()
            .Where(n => n.EndsWith(".png", StringComparison.Ordinal) || n.EndsWith(".jpg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(RepositoryPaths.Sample(fileName));

    public static Mat Load(string fileName) => ImageCodec.DecodeBgr(Bytes(fileName));

    /// <summary>A standalone copy of part of a sample, to keep slow cases fast.</summary>
    public static Mat Crop(string fileName, int x, int y, int width, int height)
    {
        using var whole = Load(fileName);
        using var view = new Mat(whole, new Rect(x, y, width, height));
        return view.Clone();
    }
}
