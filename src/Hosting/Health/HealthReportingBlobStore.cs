using ImagePipeline.Sagas;
using ImagePipeline.Storage;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// The process's blob store, telling <see cref="UnavailableDependencies"/> of each failure a retry can fix and of each
/// write that succeeded. Only a write proves the store back: a store whose disk is full still serves reads.
/// </summary>
internal sealed class HealthReportingBlobStore(IBlobStore inner, UnavailableDependencies health) : IBlobStore
{
    public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        WatchWrite(inner.UploadAsync(key, content, condition, cancellationToken), cancellationToken);

    public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        WatchWrite(inner.CopyAsync(sourceKey, targetKey, condition, cancellationToken), cancellationToken);

    public Task StagePartAsync(PartedBlob blob, int part, Stream content, CancellationToken cancellationToken) =>
        WatchWrite(inner.StagePartAsync(blob, part, content, cancellationToken), cancellationToken);

    public Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        WatchWrite(inner.UploadFileAsync(key, sourcePath, condition, cancellationToken), cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        Watch(inner.OpenReadAsync(key, cancellationToken), cancellationToken);

    public Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) =>
        Watch(inner.ReadRangeAsync(key, offset, length, cancellationToken), cancellationToken);

    // Committing the parts writes the blob's block list before reading it.
    public Task<Stream> OpenPartsAsync(PartedBlob blob, CancellationToken cancellationToken) =>
        Watch(inner.OpenPartsAsync(blob, cancellationToken), cancellationToken);

    public Task DeletePartsAsync(PartedBlob blob, CancellationToken cancellationToken) =>
        Watch(inner.DeletePartsAsync(blob, cancellationToken), cancellationToken);

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        Watch(inner.TryReadVersionedAsync(key, cancellationToken), cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Watch(inner.ExistsAsync(key, cancellationToken), cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Watch(inner.DeleteAsync(key, cancellationToken), cancellationToken);

    // A listing fails as its pages are read, past this call; the other operations tell the same outage.
    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) =>
        inner.ListKeysAsync(prefix, cancellationToken);

    public Task DownloadToFileAsync(string key, string targetPath, CancellationToken cancellationToken) =>
        Watch(inner.DownloadToFileAsync(key, targetPath, cancellationToken), cancellationToken);

    async Task<T> Watch<T>(Task<T> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception e) when (Failed(e, cancellationToken))
        {
            throw; // never reached: the filter only records
        }
    }

    async Task Watch(Task operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception e) when (Failed(e, cancellationToken))
        {
            throw;
        }
    }

    async Task<T> WatchWrite<T>(Task<T> write, CancellationToken cancellationToken)
    {
        var result = await Watch(write, cancellationToken).ConfigureAwait(false);
        Wrote();
        return result;
    }

    async Task WatchWrite(Task write, CancellationToken cancellationToken)
    {
        await Watch(write, cancellationToken).ConfigureAwait(false);
        Wrote();
    }

    void Wrote() => health.Succeeded(DependencyFailures.BlobStore);

    // Always false, so the exception goes on untouched; a cancellation the caller asked for says nothing about the store.
    bool Failed(Exception exception, CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested && DependencyFailures.Describe(exception) is { } reason)
            health.Failed(DependencyFailures.DependencyOf(reason), reason);
        return false;
    }
}
