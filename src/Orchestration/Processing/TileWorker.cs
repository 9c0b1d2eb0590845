using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Storage;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>Does one tile's work: read its input, apply the operation, keep the core, store the result.</summary>
public sealed class TileWorker(IBlobStore blobs, IOptions<ProcessingOptions> options)
{
    /// <exception cref="InvalidImageException">The input cannot be processed, ever.</exception>
    /// <exception cref="UnknownOperationException">The operation does not exist.</exception>
    public async Task ProcessAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        // A redelivered tile of an image that is already finished has nothing left to do; its
        // input may even be cleaned up by now.
        if (await blobs.ExistsAsync(command.OutputKey, cancellationToken).ConfigureAwait(false))
            return;

        var operation = OperationCatalog.Get(command.Operation);
        using var input = await ReadInputAsync(command, cancellationToken).ConfigureAwait(false);
        var keep = command.IsWholeImage
            ? new PixelRect(0, 0, input.Width, input.Height)
            : new PixelRect(command.Keep.X, command.Keep.Y, command.Keep.Width, command.Keep.Height);
        using var result = TileProcessing.Process(input, keep, operation);

        if (command.IsWholeImage)
            await OutputWriter.WriteOnceAsync(blobs, command.OutputKey, result, cancellationToken).ConfigureAwait(false);
        else
            await WriteRawAsync(command.ResultKey, result, cancellationToken).ConfigureAwait(false);
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
