using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Storage;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>Does one tile's work: read its input, apply the operation chain, keep the core, store the result.</summary>
public sealed class TileWorker(IBlobStore blobs, IOptions<ProcessingOptions> options)
{
    /// <exception cref="InvalidImageException">The input or the operation spec cannot be processed, ever.</exception>
    public async Task ProcessAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        // A cancelled job's queued tiles are drained here: nothing processed, nothing written.
        await JobCancellation.ThrowIfCancelledAsync(blobs, command.JobId, cancellationToken).ConfigureAwait(false);
        // A redelivered tile of an image that is already finished has nothing left to do; its
        // input may even be cleaned up by now.
        if (await blobs.ExistsAsync(command.OutputKey, cancellationToken).ConfigureAwait(false))
            return;

        var operation = Parse(command.Operation);
        using var input = await ReadInputAsync(command, cancellationToken).ConfigureAwait(false);
        if (command.IsWholeImage)
        {
            // Kept whole: a geometric step may have changed the size.
            using var output = operation.Apply(input);
            await OutputWriter.WriteOnceAsync(blobs, command.OutputKey, output, command.OutputEncoding, cancellationToken).ConfigureAwait(false);
            return;
        }

        var keep = new PixelRect(command.Keep.X, command.Keep.Y, command.Keep.Width, command.Keep.Height);
        using var result = TileProcessing.Process(input, keep, operation);
        await WriteRawAsync(command.ResultKey, result, cancellationToken).ConfigureAwait(false);
    }

    // The submitter checked the spec; one that fails here came from another version and can never succeed.
    static OperationChain Parse(string spec)
    {
        try
        {
            return OperationSpec.Parse(spec);
        }
        catch (OperationSpecException exception)
        {
            throw new InvalidImageException(exception.Message, exception);
        }
    }

    async Task<Mat> ReadInputAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(command.InputKey, cancellationToken).ConfigureAwait(false);
        if (command.InputKind == TileInputKind.RawTile)
            return RawTileFormat.Read(stream);

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        var header = ImageProbe.ReadHeader(buffer);
        ImageLimits.EnsureWithin(header, options.Value.MaxPixels);
        return ImageCodec.DecodeBgr(buffer.ToArray());
    }

    async Task WriteRawAsync(string key, Mat tile, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        RawTileFormat.Write(tile, buffer);
        buffer.Position = 0;
        // Same key, same bytes: a redelivered tile overwrites its own earlier result harmlessly.
        await blobs.UploadAsync(key, buffer, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }
}
