using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Workers.Cleanup;

namespace ImagePipeline.Workers.Assembly;

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
        if (cores.Count != geometry.TileCount)
            throw new InvalidOperationException(
                $"Image {command.ImageId} has {geometry.TileCount} tile results but its geometry makes {cores.Count} tiles.");

        // One stream of every tile in order (one request on Azure, however many tiles), pasted as it is read.
        var results = await blobs.OpenPartsAsync(ResultsOf(command), cancellationToken).ConfigureAwait(false);
        await using var _ = results.ConfigureAwait(false);
        TileCanvas? canvas = null;
        try
        {
            foreach (var core in cores)
            {
                using var tile = RawTileFormat.ReadNext(results);
                canvas ??= new TileCanvas(geometry.Width, geometry.Height, tile.Channels());
                canvas.Paste(core.Core, tile);
            }

            await OutputWriter.WriteOnceAsync(blobs, command.OutputKey, canvas!.Image, command.OutputEncoding, command.ResultCacheKey,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            canvas?.Image.Dispose();
        }
    }

    /// <summary>The image's results: a part per tile command, at its first tile's index (<see cref="CommandFirstTiles"/>).</summary>
    static PartedBlob ResultsOf(AssembleImage command) =>
        new PartedBlob(command.ResultsKey, command.Geometry.TileCount).WithWrittenParts(CommandFirstTiles(command));

    /// <summary>
    /// Where each tile command began, which is where it stored its results (and, in earlier passes, its statistics):
    /// the commands are the input packs (<see cref="TiledImage.CommandsFor"/>), which the tile plan with the
    /// operation's halo rebuilds. A message of an earlier build names no operation; its tiles each had a command.
    /// </summary>
    static IEnumerable<int> CommandFirstTiles(AssembleImage command)
    {
        if (command.Operation.Length == 0)
            return Enumerable.Range(0, command.Geometry.TileCount);
        return InputPacks.Of(command.Geometry, QueuedOperation.Parse(command.Operation).Halo).Select(pack => pack.FirstTile);
    }

    // The image is reported assembled only once these are gone. The input packs are listed rather than rebuilt
    // from the plan: a command of an earlier build does not name the operation whose halo fixed them.
    async Task RemoveIntermediatesAsync(AssembleImage command, CancellationToken cancellationToken)
    {
        var keys = await blobs.ListKeysAsync(JobKeys.InputPacksOf(command.JobId, command.ImageIndex), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var firstTiles = command.PassCount > 1 ? CommandFirstTiles(command).ToArray() : [];
        for (var pass = 0; pass < command.PassCount - 1; pass++)
        {
            foreach (var tile in firstTiles)
                keys.Add(JobKeys.TileStatistics(command.JobId, command.ImageIndex, pass, tile));
            keys.Add(JobKeys.PassParameters(command.JobId, command.ImageIndex, pass));
        }

        await ImageIntermediates.RemoveAsync(blobs, keys, ResultsOf(command), cancellationToken).ConfigureAwait(false);
    }
}
