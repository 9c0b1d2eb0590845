using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>Inputs made from the repository's real photographs.</summary>
public static class TestImages
{
    /// <summary>Writes <paramref name="count"/> different crops of the sample photos, alternating PNG and JPEG.</summary>
    public static IReadOnlyList<string> WriteBatch(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var samples = SampleImages.Files();
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var photo = Cv2.ImRead(samples[i % samples.Count], ImreadModes.Color);
            var width = Math.Max(1, photo.Width - 7 * i);
            var height = Math.Max(1, photo.Height - 5 * i);
            using var crop = new Mat(photo, new Rect(photo.Width - width, 0, width, height));
            var path = Path.Combine(folder, $"photo-{i:D2}{(i % 2 == 0 ? ".png" : ".jpg")}");
            Cv2.ImWrite(path, crop);
            files.Add(path);
        }

        return files;
    }

    /// <summary>Writes a sample photo upscaled to <paramref name="width"/> x <paramref name="height"/> as a PNG.</summary>
    public static string WriteLarge(string folder, int width, int height)
    {
        Directory.CreateDirectory(folder);
        using var photo = Cv2.ImRead(SampleImages.Files()[0], ImreadModes.Color);
        using var large = new Mat();
        Cv2.Resize(photo, large, new Size(width, height), interpolation: InterpolationFlags.Lanczos4);
        var path = Path.Combine(folder, "large.png");
        Cv2.ImWrite(path, large);
        return path;
    }
}
