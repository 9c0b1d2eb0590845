using System.Collections.Concurrent;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// A real store whose staged parts, like Azure's uncommitted blocks, no listing shows: only <see cref="DeletePartsAsync"/>
/// on the parted blob removes them. Shows whether a removal reaches what it cannot list.
/// </summary>
internal sealed class UnlistedPartsBlobStore(IBlobStore inner) : ForwardingBlobStore(inner), IBlobStore
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
}
