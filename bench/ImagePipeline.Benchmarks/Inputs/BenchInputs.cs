using ImagePipeline.Imaging.Codecs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Inputs;

/// <summary>The suite's inputs, all made from the repository's photographs in samples/.</summary>
internal sealed class BenchInputs
{
    // About 1 MP (1152 x 864 = 0.995 MP), 4:3 like most of the samples.
    public const int SmallWidth = 1152, SmallHeight = 864;

    public required IReadOnlyList<string> Batch { get; init; }

    public required string Large12 { get; init; }

    public required string Large48 { get; init; }

    /// <summary>A single 1 MP image (the batch's first) for one-image runs.</summary>
    public string One => Batch[0];

    public static BenchInputs Create(string samplesFolder, string folder, int batchSize)
    {
        using var sources = LoadSamples(samplesFolder);
        var batchFolder = Directory.CreateDirectory(Path.Combine(folder, "batch")).FullName;
        var batch = new List<string>();
        for (var i = 0; i < batchSize; i++)
        {
            // Each image differs: a photo, upscaled, then flipped and shifted by its index.
            using var image = Fit(sources[i % sources.Count], SmallWidth, SmallHeight);
            if (i / sources.Count % 2 == 1)
                Cv2.Flip(image, image, FlipMode.Y);
            using var shifted = Shift(image, i);
            var path = Path.Combine(batchFolder, $"img-{i:D3}.jpg");
            File.WriteAllBytes(path, ImageCodec.Encode(shifted, OutputFormat.Jpeg, 95));
            batch.Add(path);
        }

        return new BenchInputs
        {
            Batch = batch,
            Large12 = WriteMosaic(sources, Path.Combine(folder, "large-12mp.png"), 2, 4000, 3000),
            Large48 = WriteMosaic(sources, Path.Combine(folder, "large-48mp.png"), 4, 8000, 6000),
        };
    }

    /// <summary>The sample photos (samples/*.png, *.jpg), decoded as BGR, in name order.</summary>
    public static DisposableList<Mat> LoadSamples(string samplesFolder)
    {
        var photos = Directory.GetFiles(samplesFolder).Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")).Order().ToArray();
        return new DisposableList<Mat>(photos.Select(p => ImageCodec.DecodeBgr(File.ReadAllBytes(p))));
    }

    static Mat Fit(Mat source, int width, int height)
    {
        var result = new Mat();
        Cv2.Resize(source, result, new Size(width, height), 0, 0, InterpolationFlags.Cubic);
        return result;
    }

    static Mat Shift(Mat image, int index)
    {
        var dx = index * 37 % image.Width;
        var result = new Mat(image.Size(), image.Type());
        using (var left = new Mat(image, new Rect(dx, 0, image.Width - dx, image.Height)))
        using (var target = new Mat(result, new Rect(0, 0, image.Width - dx, image.Height)))
            left.CopyTo(target);
        if (dx > 0)
        {
            using var right = new Mat(image, new Rect(0, 0, dx, image.Height));
            using var target = new Mat(result, new Rect(image.Width - dx, 0, dx, image.Height));
            right.CopyTo(target);
        }

        return result;
    }

    // A grid of upscaled photos: real image content at every scale, no flat padding.
    public static string WriteMosaic(IReadOnlyList<Mat> sources, string path, int grid, int width, int height)
    {
        using var canvas = new Mat(height, width, MatType.CV_8UC3);
        int cellWidth = width / grid, cellHeight = height / grid;
        for (var row = 0; row < grid; row++)
        for (var column = 0; column < grid; column++)
        {
            using var cell = Fit(sources[(row * grid + column) % sources.Count], cellWidth, cellHeight);
            using var target = new Mat(canvas, new Rect(column * cellWidth, row * cellHeight, cellWidth, cellHeight));
            cell.CopyTo(target);
        }

        // Written by OpenCV straight to the file: a 400 MP PNG never sits in memory encoded as well.
        if (!Cv2.ImWrite(path, canvas, new ImageEncodingParam(ImwriteFlags.PngCompression, 1)))
            throw new IOException($"OpenCV could not write {path}.");
        return path;
    }
}
