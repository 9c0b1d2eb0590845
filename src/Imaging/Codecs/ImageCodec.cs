using ImagePipeline.Imaging.Codecs.Integrity;
using ImagePipeline.Imaging.Codecs.Png;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>Decoding and encoding of whole image files.</summary>
public static class ImageCodec
{
    /// <summary>Decodes as the seed's <c>cv2.imread</c> does by default: 8-bit, 3-channel BGR.</summary>
    /// <remarks>
    /// Gray images come back as three equal channels, palette colours are looked up, alpha is dropped
    /// (the colour channels kept as stored), 16-bit samples keep their high byte (value >> 8) and a
    /// JPEG's EXIF orientation is applied. A PNG or JPEG cut short is refused by our own check of its end marker: OpenCV 4.13 fails on it too, but 4.6 (Debian's) returns a truncated
    /// JPEG at full size, its missing part made-up filler, without an error.
    /// </remarks>
    /// <exception cref="InvalidImageException">The bytes are not a decodable image.</exception>
    public static Mat DecodeBgr(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length == 0)
        {
            throw NotDecodable("the file is empty");
        }

        if (FileSignature.IsPng(encoded) && !PngIntegrity.IsComplete(encoded))
        {
            throw NotDecodable("truncated PNG: it ends before its IEND chunk");
        }

        if (FileSignature.IsJpeg(encoded) && !JpegIntegrity.IsComplete(encoded))
        {
            throw NotDecodable("truncated JPEG: it ends before its end-of-image marker");
        }

        return Checked(() => Cv2.ImDecode(encoded, ImreadModes.Color));
    }

    /// <summary>
    /// Decodes a file as <see cref="DecodeBgr"/> decodes its bytes, but where the format allows, OpenCV
    /// reads it straight from disk, so its encoded bytes never sit in memory beside its pixels: a PNG
    /// (once its chunks, and only their headers, are walked to IEND), WebP, BMP or TIFF. A JPEG is still
    /// read whole first, as its end-of-image check scans every byte; JPEG files are small beside their pixels.
    /// </summary>
    /// <exception cref="InvalidImageException">The file is not a decodable image.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Mat DecodeBgrFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using (var file = File.OpenRead(path))
        {
            Span<byte> head = stackalloc byte[8];
            var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read == 0)
            {
                throw NotDecodable("the file is empty");
            }

            if (FileSignature.IsJpeg(head[..read]))
            {
                file.Position = 0;
                var bytes = new byte[file.Length];
                file.ReadExactly(bytes);
                return DecodeBgr(bytes);
            }

            if (FileSignature.IsPng(head[..read]) && !PngIntegrity.IsComplete(file))
            {
                throw NotDecodable("truncated PNG: it ends before its IEND chunk");
            }
        }

        return Checked(() => Cv2.ImRead(path, ImreadModes.Color));
    }

    /// <summary>Runs an OpenCV decode and turns its failures, thrown or empty, into <see cref="InvalidImageException"/>.</summary>
    static Mat Checked(Func<Mat> decode)
    {
        Mat decoded;
        try
        {
            decoded = decode();
        }
        catch (OpenCVException e)
        {
            throw NotDecodable($"OpenCV: {e.ErrMsg}", e);
        }

        if (decoded.Empty() || decoded.Type() != MatType.CV_8UC3)
        {
            decoded.Dispose();
            throw NotDecodable("unknown format or corrupt data");
        }

        return decoded;
    }

    /// <summary>Encodes losslessly as PNG (one channel for gray images, three for colour).</summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static byte[] EncodePng(Mat image) => Encode(image, OutputFormat.Png, 0);

    /// <summary>
    /// Encodes in <paramref name="format"/>: PNG and TIFF losslessly, JPEG and WebP at <paramref name="quality"/>
    /// (1-100; 0 for the format's default). Gray images stay one channel except in WebP, which has no gray mode.
    /// </summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static byte[] Encode(Mat image, OutputFormat format, int quality)
    {
        var parameters = EncodingParameters(image, format, quality);
        if (format == OutputFormat.Png)
        {
            // About a third of the pixels' bytes for photos: rarely grown, and never more than once or twice.
            using var encoded = new MemoryStream(checked((int)Math.Min(int.MaxValue, image.Total() * image.ElemSize() / 3)));
            PngWriter.Write(image, encoded, PngCores(image));
            return encoded.ToArray();
        }

        Cv2.ImEncode(OutputFormats.Extension(format), image, out var bytes, parameters);
        return bytes;
    }

    /// <summary>
    /// PNGs larger than a default tile (an assembled or whole large image, encoded once while the other cores would
    /// wait) are written on every core: 12 MP in 0.16 s on two cores against 0.37 s for OpenCV's encoder on one.
    /// Smaller ones, encoded many at a time in a batch, on one each.
    /// </summary>
    internal static int PngCores(Mat image) => (long)image.Width * image.Height > 2048L * 2048 ? Environment.ProcessorCount : 1;

    /// <summary>
    /// Encodes as <see cref="Encode"/> does (the same encoder and settings, so the same bytes), but the encoder
    /// writes them straight into a new temporary file, and the file comes back open for reading from its
    /// start, deleted when the stream is closed. For large images: the encoded bytes never sit in memory
    /// beside the pixels (the parallel PNG writer holds a few strips' worth at a time).
    /// </summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    /// <exception cref="IOException">The temporary file could not be written.</exception>
    public static FileStream EncodeToTemporaryFile(Mat image, OutputFormat format, int quality)
    {
        var parameters = EncodingParameters(image, format, quality);
        // OpenCV picks the encoder by the file's extension.
        var path = Path.Combine(Path.GetTempPath(), $"imagepipe-{Guid.NewGuid():N}{OutputFormats.Extension(format)}");
        try
        {
            bool written;
            try
            {
                if (format == OutputFormat.Png)
                {
                    using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
                    PngWriter.Write(image, file, PngCores(image));
                    written = true;
                }
                else
                {
                    written = Cv2.ImWrite(path, image, parameters);
                }
            }
            catch (OpenCVException e)
            {
                throw new IOException($"OpenCV could not write {path}: {e.ErrMsg}", e);
            }

            if (!written)
            {
                throw new IOException($"OpenCV could not write {path}.");
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static ImageEncodingParam[] EncodingParameters(Mat image, OutputFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        var type = image.Type();
        if (image.Empty() || (type != MatType.CV_8UC1 && type != MatType.CV_8UC3))
        {
            throw new ArgumentException($"Expected a non-empty 8-bit image with 1 or 3 channels, got {image.Width} x {image.Height} of type {type}.", nameof(image));
        }

        var level = quality > 0 ? quality : OutputFormats.DefaultQuality(format);
        return format switch
        {
            OutputFormat.Png => [],
            OutputFormat.Jpeg => [new(ImwriteFlags.JpegQuality, level)],
            OutputFormat.WebP => [new(ImwriteFlags.WebPQuality, level)],
            _ => [],
        };
    }

    private static InvalidImageException NotDecodable(string reason, Exception? inner = null) => new($"not a decodable image ({reason})", inner);
}
