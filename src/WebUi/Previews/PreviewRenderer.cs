using System.Collections.Concurrent;
using ImagePipeline.Imaging.Codecs;
using OpenCvSharp;

namespace ImagePipeline.WebUi.Previews;

/// <summary>
/// Makes the pictures the page shows from an image decoded as the pipeline decodes it, once each: they are
/// kept as files next to the batch. One image is decoded at a time, which bounds the memory a batch of large
/// images takes; the thumbnail and the view of an image come from one decode.
/// </summary>
internal sealed class PreviewRenderer
{
    public const int ThumbSide = 400;
    public const int ViewSide = 2048;

    readonly SemaphoreSlim _decoding = new(1, 1);
    readonly ConcurrentDictionary<string, Lazy<Task>> _rendering = new();

    /// <summary>The picture's file, made now if it is not there yet.</summary>
    /// <param name="stem">Names the image within <paramref name="folder"/>, such as <c>3-output</c>.</param>
    /// <exception cref="InvalidImageException">The image cannot be decoded.</exception>
    public async Task<string> GetAsync(string folder, string stem, PreviewSize size, Func<Task<Mat>> decode, CancellationToken cancellationToken)
    {
        var path = PathOf(folder, stem, size);
        if (File.Exists(path))
            return path;

        // Callers wait for the work, but one leaving does not cancel it for the others.
        var key = size == PreviewSize.Full ? path : Path.Combine(folder, stem);
        var work = _rendering.GetOrAdd(key, _ => new Lazy<Task>(() => RenderAsync(folder, stem, size, decode)));
        try
        {
            await work.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (work.Value.IsCompleted)
                _rendering.TryRemove(KeyValuePair.Create(key, work));
        }

        return path;
    }

    public static string ContentType(PreviewSize size) => size == PreviewSize.Full ? "image/png" : "image/jpeg";

    static string PathOf(string folder, string stem, PreviewSize size) =>
        Path.Combine(folder, $"{stem}-{size.ToString().ToLowerInvariant()}{(size == PreviewSize.Full ? ".png" : ".jpg")}");

    async Task RenderAsync(string folder, string stem, PreviewSize size, Func<Task<Mat>> decode)
    {
        await _decoding.WaitAsync().ConfigureAwait(false);
        try
        {
            using var image = await decode().ConfigureAwait(false);
            Directory.CreateDirectory(folder);
            if (size == PreviewSize.Full)
            {
                Write(PathOf(folder, stem, size), ImageCodec.Encode(image, OutputFormat.Png, 0));
                return;
            }

            Write(PathOf(folder, stem, PreviewSize.View), Scaled(image, ViewSide, quality: 90));
            Write(PathOf(folder, stem, PreviewSize.Thumb), Scaled(image, ThumbSide, quality: 85));
        }
        finally
        {
            _decoding.Release();
        }
    }

    static byte[] Scaled(Mat image, int side, int quality)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height));
        using var scaled = new Mat();
        if (scale < 1)
        {
            var target = new Size(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
            Cv2.Resize(image, scaled, target, 0, 0, InterpolationFlags.Area);
        }

        Cv2.ImEncode(".jpg", scale < 1 ? scaled : image, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return bytes;
    }

    // Renamed into place, so a picture is either whole or absent.
    static void Write(string path, byte[] bytes)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
