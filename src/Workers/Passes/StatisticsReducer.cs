using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Workers.Passes;

/// <summary>
/// Between two passes over an image's tiles: reads every tile's statistics, reduces them to the global
/// step's parameters, stores those, and gives the next pass's tile commands.
/// </summary>
public sealed class StatisticsReducer(IBlobStore blobs, JobCancellation cancellation)
{
    /// <exception cref="InvalidImageException">The operation or the stored statistics cannot be reduced, ever.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled: nothing is reduced or queued.</exception>
    public async Task<IReadOnlyList<ProcessTile>> ReduceAsync(ReduceTileStatistics command, CancellationToken cancellationToken)
    {
        await cancellation.ThrowIfCancelledAsync(command.Image.JobId, cancellationToken).ConfigureAwait(false);
        var recipe = command.Recipe;
        var chain = QueuedOperation.Parse(recipe.Operation);
        if (recipe.Tiling is null || chain.Passes.Count != recipe.PassCount || command.Pass < 0 || command.Pass >= recipe.PassCount - 1)
            throw new InvalidImageException($"'{recipe.Operation}' has no statistics to reduce in pass {command.Pass} of {recipe.PassCount}");

        // A blob per input pack (TileWorker); a pack of several tiles holds their statistics joined (RunStatistics).
        var layout = ImageLayout.Of(command.Image, recipe);
        var statistics = new byte[layout.TileCount][];
        // The statistics are small (a histogram, or the labels along a tile's sides); a few reads at a time hide the latency.
        await Parallel.ForEachAsync(layout.Packs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (pack, token) =>
            {
                var stored = await blobs.ReadAllBytesAsync(layout.StatisticsKey(command.Pass, pack), token).ConfigureAwait(false);
                var tiles = pack.TileCount == 1 ? [stored] : RunStatistics.Split(stored, pack.TileCount);
                tiles.CopyTo(statistics, pack.FirstTile);
            }).ConfigureAwait(false);

        var parameters = chain.Passes.Reduce(command.Pass, statistics, layout.Grid);
        using (var content = new MemoryStream(parameters, writable: false))
        {
            // Same statistics, same parameters: a repeated reduction rewrites the same bytes.
            await blobs.UploadAsync(layout.ParametersKey(command.Pass), content, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
        }

        return layout.CommandsFor(command.Pass + 1);
    }
}
