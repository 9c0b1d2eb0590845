using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Storage;

namespace ImagePipeline.Orchestration.Passes;

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
        var statistics = new byte[geometry.TileCount][];
        // The statistics are small (a histogram, or the labels along a tile's sides); a few reads at a time hide the latency.
        await Parallel.ForEachAsync(Enumerable.Range(0, geometry.TileCount),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (tile, token) => statistics[tile] = await blobs.ReadAllBytesAsync(
                JobKeys.TileStatistics(command.JobId, command.ImageIndex, command.Pass, tile), token).ConfigureAwait(false)).ConfigureAwait(false);

        var grid = TileGrid.For(geometry.Width, geometry.Height, geometry.TileSize);
        if (grid.Count != geometry.TileCount)
            throw new InvalidImageException($"the image's geometry makes {grid.Count} tiles, not {geometry.TileCount}");
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
