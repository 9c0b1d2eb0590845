using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>Encodes a finished output as its message asks and stores it exactly once.</summary>
internal static class OutputWriter
{
    /// <exception cref="InvalidImageException">The message names a format this build does not know.</exception>
    public static async Task WriteOnceAsync(IBlobStore blobs, string outputKey, Mat image, OutputEncoding encoding, CancellationToken cancellationToken)
    {
        if (!OutputFormats.TryParse(encoding.Format, out var format))
            throw new InvalidImageException($"unknown output format '{encoding.Format}'");

        using var encoded = new MemoryStream(ImageCodec.Encode(image, format.Value, encoding.Quality));
        try
        {
            await blobs.UploadAsync(outputKey, encoded, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Another delivery of the same work stored it first; its bytes are the same.
        }
    }
}
