namespace ImagePipeline.Storage;

public static class BlobStoreExtensions
{
    /// <summary>The whole content of a small blob (statistics, parameters, an encoded input).</summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            // One array of the right size: a growing buffer and its final copy allocate about three times the
            // content, on the large-object heap from 85 KB on, where such churn costs full collections.
            var bytes = new byte[checked((int)(stream.Length - stream.Position))];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Deletes every blob whose key starts with <paramref name="prefix"/> (listed first, then deleted one by one).</summary>
    public static async Task DeleteAllUnderAsync(this IBlobStore blobs, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var keys = await blobs.ListKeysAsync(prefix, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
            await blobs.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a marker: a blob whose existence is what counts (a cancelled job, a failed image); it holds the time it was written.</summary>
    public static async Task WriteMarkerAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("O")));
        await blobs.UploadAsync(key, content, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }
}
