using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Workers.Cleanup;

namespace ImagePipeline.Workers.Assembly;

/// <summary>Stitches an image's processed tiles into its output file, then removes the intermediate tiles, statistics and parameters.</summary>
public sealed class ImageAssembler(IBlobStore blobs, JobCancellation cancellation, OutputWriter outputs, ImageCleanup cleanup)
{
    /// <exception cref="JobCancelledException">The job was cancelled: nothing is stitched or written.</exception>
    public async Task AssembleAsync(AssembleImage command, CancellationToken cancellationToken)
    {
        await cancellation.ThrowIfCancelledAsync(command.Image.JobId, cancellationToken).ConfigureAwait(false);
        var layout = ImageLayout.Of(command.Image, command.Recipe);
        // Redelivered after the output was stored: the tiles may already be gone, and the output
        // must not be written twice.
        if (!await blobs.ExistsAsync(layout.Output, cancellationToken).ConfigureAwait(false))
            await StitchAsync(layout, cancellationToken).ConfigureAwait(false);

        // The image is reported assembled only once these are gone.
        await cleanup.RemoveAfterAssemblyAsync(layout, cancellationToken).ConfigureAwait(false);
    }

    async Task StitchAsync(ImageLayout layout, CancellationToken cancellationToken)
    {
        // One stream of every tile in order (one request on Azure, however many tiles), pasted as it is read.
        var results = await blobs.OpenPartsAsync(layout.Results, cancellationToken).ConfigureAwait(false);
        await using var _ = results.ConfigureAwait(false);
        TileCanvas? canvas = null;
        try
        {
            foreach (var tile in layout.Tiles)
            {
                using var result = RawTileFormat.ReadNext(results);
                canvas ??= new TileCanvas(layout.Recipe.Tiling!.Width, layout.Recipe.Tiling.Height, result.Channels());
                canvas.Paste(tile.Core, result);
            }

            await outputs.WriteOnceAsync(layout, canvas!.Image, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            canvas?.Image.Dispose();
        }
    }
}
