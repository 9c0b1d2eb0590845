using System.Collections.Concurrent;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>A real store that counts the requests made of it, to show which work a cache saves.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : ForwardingBlobStore(inner)
{
    readonly ConcurrentDictionary<string, int> _reads = new();

    /// <summary>Reads of any kind (open, versioned read, exists, copy from) of keys starting with <paramref name="prefix"/>.</summary>
    public int ReadsUnder(string prefix) => _reads.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(pair => pair.Value);

    /// <summary>Counted as a read of the source.</summary>
    public override Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        Count(sourceKey, base.CopyAsync(sourceKey, targetKey, condition, cancellationToken));

    public override Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        Count(key, base.OpenReadAsync(key, cancellationToken));

    public override Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        Count(key, base.TryReadVersionedAsync(key, cancellationToken));

    public override Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Count(key, base.ExistsAsync(key, cancellationToken));

    TTask Count<TTask>(string key, TTask read) where TTask : Task
    {
        _reads.AddOrUpdate(key, 1, (_, count) => count + 1);
        return read;
    }
}
