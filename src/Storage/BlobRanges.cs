namespace ImagePipeline.Storage;

/// <summary>Reading one part of a blob through its stream: what a store does when it has no ranged request.</summary>
internal static class BlobRanges
{
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative or the length not positive.</exception>
    public static void Validate(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
    }

    public static async Task<VersionedBlobStream> OpenFromVersionedAsync(IBlobStore store, string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = await store.TryReadVersionedAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(key);
        return FromBytes(blob, offset);
    }

    /// <summary>The bytes of <paramref name="blob"/> from <paramref name="offset"/> on (none past its end).</summary>
    public static VersionedBlobStream FromBytes(VersionedBlob blob, long offset)
    {
        var start = (int)Math.Min(offset, blob.Content.Length);
        return new VersionedBlobStream(new MemoryStream(blob.Content, start, blob.Content.Length - start, writable: false), blob.ETag, blob.Content.Length);
    }

    public static async Task<byte[]> ReadByOpeningAsync(IBlobStore store, string key, long offset, int length, CancellationToken cancellationToken)
    {
        Validate(offset, length);
        var source = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            return await ReadFromAsync(source, key, offset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The range of the blob <paramref name="key"/> read from its whole stream: by seeking where it can, else by reading past the start.</summary>
    /// <exception cref="EndOfStreamException">The stream ends before the range does.</exception>
    internal static async Task<byte[]> ReadFromAsync(Stream source, string key, long offset, int length, CancellationToken cancellationToken)
    {
        if (source.CanSeek)
        {
            if (offset + length > source.Length)
                throw EndsBefore(key, offset, length);
            source.Seek(offset, SeekOrigin.Begin);
        }
        else
        {
            await SkipAsync(source, key, offset, length, cancellationToken).ConfigureAwait(false);
        }

        var bytes = new byte[length];
        if (await source.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length)
            throw EndsBefore(key, offset, length);
        return bytes;
    }

    public static EndOfStreamException EndsBefore(string key, long offset, int length, Exception? inner = null) =>
        new($"Blob '{key}' ends before bytes {offset}-{offset + length - 1}.", inner);

    static async Task SkipAsync(Stream source, string key, long offset, int length, CancellationToken cancellationToken)
    {
        var discard = new byte[Math.Min(offset, 81920)];
        for (var left = offset; left > 0;)
        {
            var read = await source.ReadAsync(discard.AsMemory(0, (int)Math.Min(left, discard.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw EndsBefore(key, offset, length);
            left -= read;
        }
    }
}
