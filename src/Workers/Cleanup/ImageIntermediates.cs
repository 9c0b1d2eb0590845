using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Workers.Cleanup;

/// <summary>
/// Removes a tiled image's intermediate blobs (input tiles, statistics, parameters, staged results):
/// by the assembler once the image is whole, or after the image failed.
/// </summary>
public static class ImageIntermediates
{
    /// <summary>
    /// After a failure nothing says how far each tile got, so the image's prefixes are listed. The image
    /// is marked failed first: a tile of it still queued finds its input gone and is dropped, not retried.
    /// </summary>
    public static async Task RemoveAfterFailureAsync(IBlobStore blobs, RemoveImageIntermediates command, CancellationToken cancellationToken)
    {
        await blobs.WriteMarkerAsync(JobKeys.FailedImage(command.JobId, command.ImageIndex), cancellationToken).ConfigureAwait(false);

        var keys = await blobs.ListKeysAsync(JobKeys.InputPacksOf(command.JobId, command.ImageIndex), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        keys.AddRange(await blobs.ListKeysAsync(JobKeys.PassesOf(command.JobId, command.ImageIndex), cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false));
        var results = new PartedBlob(JobKeys.Results(command.JobId, command.ImageIndex), command.TileCount);
        await RemoveAsync(blobs, keys, results, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes <paramref name="keys"/> eight at a time (a chain with global steps leaves statistics of every tile), then the results.</summary>
    public static async Task RemoveAsync(IBlobStore blobs, IEnumerable<string> keys, PartedBlob results, CancellationToken cancellationToken)
    {
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys, parallelism, async (key, token) =>
            await blobs.DeleteAsync(key, token).ConfigureAwait(false)).ConfigureAwait(false);
        await blobs.DeletePartsAsync(results, cancellationToken).ConfigureAwait(false);
    }
}
