namespace ImagePipeline.Storage;

/// <summary>
/// A <see cref="PartedBlob"/> in a store without staged writes: each part a blob of its own under the key
/// (<see cref="PartedBlob.PartKey"/>), read one after the other and deleted one by one.
/// </summary>
internal static class StagedParts
{
    public static Task StageAsBlobAsync(IBlobStore store, PartedBlob blob, int part, Stream content, CancellationToken cancellationToken) =>
        store.UploadAsync(blob.PartKey(part), content, BlobWriteCondition.None, cancellationToken);

    public static Task<Stream> OpenPartByPart(IBlobStore store, PartedBlob blob, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new PartByPartStream(store, blob, cancellationToken));

    public static Task DeleteEachAsync(IBlobStore store, PartedBlob blob, CancellationToken cancellationToken)
    {
        // A few at a time: an image of a thousand small tiles has a thousand parts, one request each.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(Enumerable.Range(0, blob.PartCount), parallelism, async (part, token) =>
            await store.DeleteAsync(blob.PartKey(part), token).ConfigureAwait(false));
    }
}
