using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.UnitTests.TestData;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>Files the page is given: sample photos, a file that is not an image, a PNG cut short, and what an operation must make of each.</summary>
public static class WebPageFiles
{
    public static string Sample(string name) => RepositoryPaths.Sample(name);

    public static string NotAnImage(string folder)
    {
        var path = Path.Combine(folder, "notes.png");
        File.WriteAllText(path, "this is a shopping list, not a photo");
        return path;
    }

    /// <summary>A PNG whose header is valid but whose data stops halfway: refused only when decoded.</summary>
    public static string Truncated(string folder)
    {
        var bytes = File.ReadAllBytes(Sample("chelsea.png"));
        var path = Path.Combine(folder, "truncated.png");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    /// <summary>A sample photo enlarged to <paramref name="width"/> x <paramref name="height"/>: slow work for a batch that must still be running.</summary>
    public static string Enlarged(string folder, int width, int height)
    {
        using var photo = Cv2.ImRead(Sample("coffee.png"));
        using var large = photo.Resize(new Size(width, height), 0, 0, InterpolationFlags.Cubic);
        var path = Path.Combine(folder, $"coffee-{width}x{height}.png");
        Cv2.ImWrite(path, large);
        return path;
    }

    /// <summary>The output the pipeline must give for <paramref name="input"/>, as a whole-image run computes it.</summary>
    public static Mat Expected(string input, string spec)
    {
        using var decoded = ImageCodec.DecodeBgr(File.ReadAllBytes(input));
        return OperationSpec.Parse(spec).Apply(decoded);
    }
}
