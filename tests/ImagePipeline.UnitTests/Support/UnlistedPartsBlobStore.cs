using System.Collections.Concurrent;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// A real store whose staged parts, like Azure's uncommitted blocks, no listing shows: only <see cref="DeletePartsAsync"/>
/// on the parted blob removes them. Shows whether a removal reaches what it cannot list.
/// </summary>
internal sealed class UnlistedPartsBlobStore(IBlobStore inner) : IBlobStore
{
    readonly ConcurrentDictionary<(string Key, int Part), byte> _staged = new();

    public IReadOnlyList<string> StagedParts => _staged.Keys.Select(part => $"{part.Key} part {part.Part}").ToList();

    public Task StagePartAsync(PartedBlob blob, int part, Stream content, CancellationToken cancellationToken)
    {
        _staged[(blob.Key, part)] = 0;
        return Task.CompletedTask;
    }

    public Task DeletePartsAsync(PartedBlob blob, CancellationToken cancellationToken)
    {
        foreach (var part in _staged.Keys.Where(part => part.Key == blob.Key))
            _staged.TryRemove(part, out _);
        return Task.CompletedTask;
    }

    public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        inner.UploadAsync(key, content, condition, cancellationToken);

    public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        inner.CopyAsync(sourceKey, targetKey, condition, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) => inner.TryReadVersionedAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);
}
