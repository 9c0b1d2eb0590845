namespace ImagePipeline.Storage;

/// <summary>
/// A store made of others, in which each key lives in the one <see cref="StoreOf"/> names. The reads follow
/// that answer here; each subclass decides how writes, copies, deletes and listings choose and cross stores.
/// </summary>
public abstract class KeyRoutedBlobStore : IBlobStore
{
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).OpenReadAsync(key, cancellationToken);

    public Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) =>
        StoreOf(key).ReadRangeAsync(key, offset, length, cancellationToken);

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).TryReadVersionedAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).ExistsAsync(key, cancellationToken);

    public Task DownloadToFileAsync(string key, string targetPath, CancellationToken cancellationToken) =>
        StoreOf(key).DownloadToFileAsync(key, targetPath, cancellationToken);

    public abstract Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken);

    public abstract Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken);

    public abstract Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(string key, CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The store that holds <paramref name="key"/>, or would, once written; validates the key.</summary>
    protected abstract IBlobStore StoreOf(string key);
}
