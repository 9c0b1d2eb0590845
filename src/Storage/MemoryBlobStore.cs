namespace ImagePipeline.Storage;

/// <summary>
/// Blobs in this process's memory, gone when it ends: for small, often rewritten state of a process
/// whose other state is in memory too (<c>imagepipe run</c>'s sagas, whose messages travel on an
/// in-memory bus). Not for pixels: nothing bounds its size.
/// </summary>
/// <remarks>
/// Every blob is an immutable byte array swapped whole under one lock, so readers see the old blob or
/// the new one. ETags are a counter, so every write, even of the same bytes, gets a new one.
/// </remarks>
public sealed class MemoryBlobStore : IBlobStore
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, VersionedBlob> blobs = new(StringComparer.Ordinal);
    private long lastVersion;

    public async Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobKey.Validate(key);
        var bytes = await ReadWholeAsync(content, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Commit(key, bytes, condition);
    }

    /// <summary>
    /// The rest of <paramref name="content"/> as one array: read straight into an array of its length when the
    /// stream knows it, else through a growing buffer.
    /// </summary>
    internal static async Task<byte[]> ReadWholeAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }

        var bytes = new byte[content.Length - content.Position];
        await content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        BlobWriteCondition.EnsureCopyCondition(condition);
        BlobKey.Validate(targetKey);
        var source = Find(sourceKey) ?? throw new BlobNotFoundException(sourceKey);
        // Blobs are never changed in place, so the copy can share the source's bytes.
        Commit(targetKey, source.Content, condition);
        return Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = Find(key) ?? throw new BlobNotFoundException(key);
        return Task.FromResult<Stream>(new MemoryStream(blob.Content, writable: false));
    }

    public Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = Find(key) ?? throw new BlobNotFoundException(key);
        return Task.FromResult(BlobRanges.FromBytes(blob, offset));
    }

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Find(key));

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Find(key) is not null);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    /// <summary>Deletes the blob if it exists, at once.</summary>
    internal void Remove(string key)
    {
        BlobKey.Validate(key);
        lock (gate)
            blobs.Remove(key);
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        lock (gate)
            return blobs.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).ToArray().ToAsyncEnumerable();
    }

    private VersionedBlob? Find(string key)
    {
        BlobKey.Validate(key);
        lock (gate)
            return blobs.GetValueOrDefault(key);
    }

    /// <summary>Stores <paramref name="content"/>, which the caller gives up, if the condition holds.</summary>
    /// <exception cref="BlobConditionFailedException">The condition did not hold; nothing was written.</exception>
    internal string Commit(string key, byte[] content, BlobWriteCondition condition)
    {
        lock (gate)
        {
            var current = blobs.GetValueOrDefault(key);
            if (condition.RequireAbsent && current is not null)
                throw new BlobConditionFailedException(key, $"Blob '{key}' already exists.");
            if (condition.ExpectedETag is { } expected && current?.ETag != expected)
            {
                throw new BlobConditionFailedException(key, current is null
                    ? $"Blob '{key}' no longer exists; expected ETag {expected}."
                    : $"Blob '{key}' has changed: ETag {current.ETag}, expected {expected}.");
            }

            var etag = $"m{++lastVersion}";
            blobs[key] = new VersionedBlob(content, etag);
            return etag;
        }
    }
}
