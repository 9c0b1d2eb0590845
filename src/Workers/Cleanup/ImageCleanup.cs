using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Workers.Cleanup;

/// <summary>
/// Removes a tiled image's intermediate blobs (input packs, statistics, parameters, staged results): by the
/// assembler once the image is whole, or after the image failed.
/// </summary>
public sealed class ImageCleanup(IBlobStore blobs)
{
    /// <summary>Every tile is in: what they stored is what the layout names.</summary>
    public Task RemoveAfterAssemblyAsync(ImageLayout layout, CancellationToken cancellationToken) =>
        RemoveAsync(layout.IntermediateKeys, layout, cancellationToken);

    /// <summary>
    /// After a failure nothing says how far each tile got, so the image's intermediates are listed. The image
    /// is marked failed first: a tile of it still queued finds its input gone and is dropped, not retried.
    /// </summary>
    public async Task RemoveAfterFailureAsync(RemoveImageIntermediates command, CancellationToken cancellationToken)
    {
        var layout = ImageLayout.Of(command.Image, command.Recipe);
        await blobs.WriteMarkerAsync(layout.FailedMarker, cancellationToken).ConfigureAwait(false);
        var keys = await blobs.ListKeysAsync(layout.Work, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        await RemoveAsync(keys, layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes <paramref name="keys"/> eight at a time (a chain with global steps leaves statistics of every pack), then the results.</summary>
    async Task RemoveAsync(IEnumerable<string> keys, ImageLayout layout, CancellationToken cancellationToken)
    {
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys, parallelism, async (key, token) =>
            await blobs.DeleteAsync(key, token).ConfigureAwait(false)).ConfigureAwait(false);
        await blobs.DeletePartsAsync(layout.Results, cancellationToken).ConfigureAwait(false);
    }
}
