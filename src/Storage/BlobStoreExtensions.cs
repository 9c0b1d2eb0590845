namespace ImagePipeline.Storage;

public static class BlobStoreExtensions
{
    /// <summary>The whole content of a small blob (statistics, parameters, an encoded input).</summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (RemainingLength(stream) is { } length)
        {
            // One array of the right size: a growing buffer and its final copy allocate about three times the
            // content, on the large-object heap from 85 KB on, where such churn costs full collections.
            var bytes = new byte[checked((int)length)];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            // A download's announced length is checked against what came, not trusted.
            if (!stream.CanSeek && await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
                throw new IOException($"Blob '{key}' held more than the {length} bytes it announced.");
            return bytes;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>What is left to read, where the stream knows: a file's, or a download's announced length (Azure's).</summary>
    static long? RemainingLength(Stream stream)
    {
        if (stream.CanSeek)
            return stream.Length - stream.Position;
        try
        {
            return stream.Length;
        }
        catch (NotSupportedException)
        {
            return null;
        }
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
