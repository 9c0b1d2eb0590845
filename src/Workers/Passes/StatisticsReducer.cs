using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Workers.Passes;

/// <summary>
/// Between two passes over an image's tiles: reads every tile's statistics, reduces them to the global
/// step's parameters, stores those, and gives the next pass's tile commands.
/// </summary>
public sealed class StatisticsReducer(IBlobStore blobs)
{
    /// <exception cref="InvalidImageException">The operation or the stored statistics cannot be reduced, ever.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled: nothing is reduced or queued.</exception>
    public async Task<IReadOnlyList<ProcessTile>> ReduceAsync(ReduceTileStatistics command, CancellationToken cancellationToken)
    {
        await JobCancellation.ThrowIfCancelledAsync(blobs, command.JobId, cancellationToken).ConfigureAwait(false);
        var chain = QueuedOperation.Parse(command.Operation);
        if (chain.Passes.Count != command.PassCount || command.Pass < 0 || command.Pass >= command.PassCount - 1)
            throw new InvalidImageException($"'{command.Operation}' has no statistics to reduce in pass {command.Pass} of {command.PassCount}");

        var geometry = command.Geometry;
        var grid = TileGrid.For(geometry.Width, geometry.Height, geometry.TileSize);
        if (grid.Count != geometry.TileCount)
            throw new InvalidImageException($"the image's geometry makes {grid.Count} tiles, not {geometry.TileCount}");

        // A blob per tile command, at its first tile (TileWorker): the commands are the input packs, which the plan
        // with the chain's halo rebuilds; a run's blob holds its tiles' statistics joined (RunStatistics).
        var statistics = new byte[geometry.TileCount][];
        // The statistics are small (a histogram, or the labels along a tile's sides); a few reads at a time hide the latency.
        await Parallel.ForEachAsync(InputPacks.Of(geometry, chain.Halo), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (pack, token) =>
            {
                var stored = await blobs.ReadAllBytesAsync(JobKeys.TileStatistics(command.JobId, command.ImageIndex, command.Pass, pack.FirstTile), token)
                    .ConfigureAwait(false);
                var tiles = pack.TileCount == 1 ? [stored] : RunStatistics.Split(stored, pack.TileCount);
                tiles.CopyTo(statistics, pack.FirstTile);
            }).ConfigureAwait(false);

        var parameters = chain.Passes.Reduce(command.Pass, statistics, grid);
        using (var content = new MemoryStream(parameters, writable: false))
        {
            // Same statistics, same parameters: a repeated reduction rewrites the same bytes.
            await blobs.UploadAsync(JobKeys.PassParameters(command.JobId, command.ImageIndex, command.Pass), content,
                BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
        }

        return TiledImage.Of(command).CommandsFor(chain, command.Pass + 1);
    }
}
