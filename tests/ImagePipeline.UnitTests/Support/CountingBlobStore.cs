using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>A real store that counts the requests made of it, to show which work a cache saves.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    readonly ConcurrentDictionary<string, int> _reads = new();

    /// <summary>Reads of any kind (open, versioned read, exists, copy from) of keys starting with <paramref name="prefix"/>.</summary>
    public int ReadsUnder(string prefix) => _reads.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(pair => pair.Value);

    public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        inner.UploadAsync(key, content, condition, cancellationToken);

    /// <summary>Counted as a read of the source.</summary>
    public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        Count(sourceKey, inner.CopyAsync(sourceKey, targetKey, condition, cancellationToken));

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        Count(key, inner.OpenReadAsync(key, cancellationToken));

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        Count(key, inner.TryReadVersionedAsync(key, cancellationToken));

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Count(key, inner.ExistsAsync(key, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            yield return key;
    }

    TTask Count<TTask>(string key, TTask read) where TTask : Task
    {
        _reads.AddOrUpdate(key, 1, (_, count) => count + 1);
        return read;
    }
}
