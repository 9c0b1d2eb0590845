using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Workers;

/// <summary>Encodes a finished output as its recipe asks, stores it exactly once, and keeps it for the result cache.</summary>
public sealed class OutputWriter(IBlobStore blobs, ResultCache cache)
{
    /// <summary>Outputs whose pixels take more bytes than this (a 12 MP colour image takes 36 MB) are encoded through a temporary file.</summary>
    internal const long InMemoryEncodeMaxBytes = 64L * 1024 * 1024;

    static long RawBytes(Mat image) => (long)image.Width * image.Height * image.Channels();

    /// <exception cref="InvalidImageException">The recipe names a format this build does not know.</exception>
    public async Task WriteOnceAsync(ImageLayout layout, Mat image, CancellationToken cancellationToken)
    {
        var encoding = layout.Recipe.OutputEncoding;
        if (!OutputFormats.TryParse(encoding.Format, out var format))
            throw new InvalidImageException($"unknown output format '{encoding.Format}'");

        // A large output (an assembled giant image) is encoded into a temporary file and uploaded from
        // there: in memory its encoded bytes would sit beside the pixels twice (OpenCV's buffer and the
        // managed copy), 0.6 GB more at 400 MP. Small ones, most outputs, skip the disk.
        await using Stream encoded = RawBytes(image) > InMemoryEncodeMaxBytes
            ? ImageCodec.EncodeToTemporaryFile(image, format.Value, encoding.Quality)
            : new MemoryStream(ImageCodec.Encode(image, format.Value, encoding.Quality));
        try
        {
            await blobs.UploadAsync(layout.Output, encoded, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Another delivery of the same work stored it first; its bytes are the same.
        }

        await cache.KeepAsync(layout.Recipe.ResultCacheKey, layout.Output, cancellationToken).ConfigureAwait(false);
    }
}
