using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>Stores a finished output exactly once.</summary>
internal static class OutputWriter
{
    public static async Task WriteOnceAsync(IBlobStore blobs, string outputKey, Mat image, CancellationToken cancellationToken)
    {
        using var png = new MemoryStream(ImageCodec.EncodePng(image));
        try
        {
            await blobs.UploadAsync(outputKey, png, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Another delivery of the same work stored it first; its bytes are the same.
        }
    }
}
