using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Assembly;

/// <summary>Stitches an image's processed tiles into its output file, then removes the intermediate tiles, statistics and parameters.</summary>
public sealed class ImageAssembler(IBlobStore blobs)
{
    /// <exception cref="JobCancelledException">The job was cancelled: nothing is stitched or written.</exception>
    public async Task AssembleAsync(AssembleImage command, CancellationToken cancellationToken)
    {
        await JobCancellation.ThrowIfCancelledAsync(blobs, command.JobId, cancellationToken).ConfigureAwait(false);
        // Redelivered after the output was stored: the tiles may already be gone, and the output
        // must not be written twice.
        if (!await blobs.ExistsAsync(command.OutputKey, cancellationToken).ConfigureAwait(false))
            await StitchAsync(command, cancellationToken).ConfigureAwait(false);

        await RemoveIntermediatesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    async Task StitchAsync(AssembleImage command, CancellationToken cancellationToken)
    {
        var geometry = command.Geometry;
        var cores = TilePlanner.Plan(geometry.Width, geometry.Height, geometry.TileSize, halo: 0);
        if (cores.Count != command.TileResultKeys.Count)
            throw new InvalidOperationException(
                $"Image {command.ImageId} has {command.TileResultKeys.Count} tile results but its geometry makes {cores.Count} tiles.");

        // The next few tiles are read while one is pasted: small tiles cost a request's latency each.
        var window = TransferWindow.For(RawTileFormat.LengthOf(geometry.TileSize, geometry.TileSize, channels: 3));
        var reads = new Queue<Task<Mat>>();
        var next = 0;
        TileCanvas? canvas = null;
        try
        {
            for (var index = 0; index < cores.Count; index++)
            {
                while (next < cores.Count && reads.Count < window)
                    reads.Enqueue(ReadTileAsync(command.TileResultKeys[next++], cancellationToken));
                using var tile = await reads.Dequeue().ConfigureAwait(false);
                canvas ??= new TileCanvas(geometry.Width, geometry.Height, tile.Channels());
                canvas.Paste(cores[index].Core, tile);
            }

            await OutputWriter.WriteOnceAsync(blobs, command.OutputKey, canvas!.Image, command.OutputEncoding, command.ResultCacheKey,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            canvas?.Image.Dispose();
            await DisposeUnusedAsync(reads).ConfigureAwait(false);
        }
    }

    async Task<Mat> ReadTileAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        return RawTileFormat.Read(stream);
    }

    // After a failure: the tiles read ahead are not pasted, but their pixels must still be freed.
    static async Task DisposeUnusedAsync(Queue<Task<Mat>> reads)
    {
        while (reads.TryDequeue(out var read))
        {
            try
            {
                (await read.ConfigureAwait(false)).Dispose();
            }
            catch (Exception)
            {
                // That read failed too; the first failure is the one reported.
            }
        }
    }

    // Eight at a time: an image of a thousand small tiles has a thousand results to remove, one request
    // each, and the image is reported assembled only once they are gone. Its input packs are listed, since
    // how the tiles were packed follows from the chain's halo, which this command does not carry.
    async Task RemoveIntermediatesAsync(AssembleImage command, CancellationToken cancellationToken)
    {
        var tiles = command.TileResultKeys.Count;
        var keys = new List<string>(tiles * command.PassCount + command.PassCount);
        keys.AddRange(command.TileResultKeys);
        await foreach (var pack in blobs.ListKeysAsync(JobKeys.InputPacksOf(command.JobId, command.ImageIndex), cancellationToken).ConfigureAwait(false))
            keys.Add(pack);

        for (var pass = 0; pass < command.PassCount - 1; pass++)
        {
            for (var tile = 0; tile < tiles; tile++)
                keys.Add(JobKeys.TileStatistics(command.JobId, command.ImageIndex, pass, tile));
            keys.Add(JobKeys.PassParameters(command.JobId, command.ImageIndex, pass));
        }

        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys, parallelism, async (key, token) =>
            await blobs.DeleteAsync(key, token).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
