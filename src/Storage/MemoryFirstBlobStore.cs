using System.Runtime.CompilerServices;

namespace ImagePipeline.Storage;

/// <summary>
/// Holds small blobs of a chosen kind in memory, up to a budget, and everything else in a backing store:
/// for <c>imagepipe run</c>, whose store is thrown away with its process. Small tiles cost a file system
/// their files' creation, lookup and deletion far more than their bytes (docs/PERFORMANCE.md, round 7);
/// large ones cost about the same either way, and in memory they would count against the process.
/// </summary>
/// <remarks>
/// A key's first write decides where it lives until it is deleted: in memory when <c>holdInMemory</c>
/// accepts the key, the content's length is known (a seekable stream) and at most <c>maxBlobBytes</c>, and
/// the budget has room; in the backing store otherwise, and always for <see cref="UploadFileAsync"/> of a
/// new key, which the backing store may link instead of copying. Rewrites go where the key lives, so a
/// blob rewritten larger can take the held bytes past the budget (the pipeline rewrites the same bytes).
/// The backing store must start empty and be written only through this store: a key never written here
/// is looked for there. Conditions and ETags are those of the store that holds the key.
/// </remarks>
public sealed class MemoryFirstBlobStore : KeyRoutedBlobStore
{
    private readonly IBlobStore backing;
    private readonly Func<string, bool> holdInMemory;
    private readonly long maxBlobBytes;
    private readonly long budgetBytes;
    private readonly MemoryBlobStore memory = new();
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> heldSizes = new(StringComparer.Ordinal);
    private readonly HashSet<string> backed = new(StringComparer.Ordinal);
    private long heldBytes;

    /// <param name="backing">Where blobs go that memory does not take.</param>
    /// <param name="holdInMemory">Which keys may be held in memory at all.</param>
    /// <param name="maxBlobBytes">The largest blob held in memory.</param>
    /// <param name="budgetBytes">How many bytes of new blobs memory takes, in all.</param>
    public MemoryFirstBlobStore(IBlobStore backing, Func<string, bool> holdInMemory, long maxBlobBytes, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(backing);
        ArgumentNullException.ThrowIfNull(holdInMemory);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBlobBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        (this.backing, this.holdInMemory, this.maxBlobBytes, this.budgetBytes) = (backing, holdInMemory, maxBlobBytes, budgetBytes);
    }

    /// <summary>The bytes of the blobs held in memory now.</summary>
    public long HeldBytes
    {
        get
        {
            lock (gate)
                return heldBytes;
        }
    }

    public override async Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        // A key held meanwhile by a concurrent write is not marked, and this write joins it in memory.
        if (!IsHeld(key) && !MayHold(key, content) && TryMarkBacked(key))
            return await backing.UploadAsync(key, content, condition, cancellationToken).ConfigureAwait(false);

        var bytes = await MemoryBlobStore.ReadWholeAsync(content, cancellationToken).ConfigureAwait(false);
        if (TryHold(key, bytes, condition) is { } etag)
            return etag;
        using var buffered = new MemoryStream(bytes, writable: false);
        return await backing.UploadAsync(key, buffered, condition, cancellationToken).ConfigureAwait(false);
    }

    public override async Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        if (TryMarkBacked(key))
        {
            await backing.UploadFileAsync(key, sourcePath, condition, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = File.OpenRead(sourcePath);
        await using (file.ConfigureAwait(false))
            await UploadAsync(key, file, condition, cancellationToken).ConfigureAwait(false);
    }

    public override async Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        BlobWriteCondition.EnsureCopyCondition(condition);
        BlobKey.Validate(targetKey);
        if (!IsHeld(sourceKey) && !holdInMemory(targetKey) && TryMarkBacked(targetKey))
        {
            // Both ends in the backing store: its own copy, server-side where it has one.
            await backing.CopyAsync(sourceKey, targetKey, condition, cancellationToken).ConfigureAwait(false);
            return;
        }

        var source = await OpenReadAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            await UploadAsync(targetKey, source, condition, cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        lock (gate)
        {
            if (heldSizes.Remove(key, out var size))
            {
                heldBytes -= size;
                // Removed under the gate, with its accounting, so a write of the same key waits for both.
                memory.Remove(key);
                return;
            }

            backed.Remove(key);
        }

        await backing.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        // A key lives in one store at a time; the set also covers a key moving between the two listings.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var key in backing.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            keys.Add(key);
        await foreach (var key in memory.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            keys.Add(key);
        foreach (var key in keys)
            yield return key;
    }

    /// <summary>Whether a key not held in memory may start to live there with this content.</summary>
    private bool MayHold(string key, Stream content)
    {
        if (!content.CanSeek || content.Length - content.Position > maxBlobBytes || !holdInMemory(key))
            return false;
        lock (gate)
            return !backed.Contains(key);
    }

    /// <summary>Writes the blob to memory if the key lives there or may start to; null when it goes to the backing store.</summary>
    /// <exception cref="BlobConditionFailedException">The key is held and the condition does not hold; nothing changed.</exception>
    private string? TryHold(string key, byte[] bytes, BlobWriteCondition condition)
    {
        lock (gate)
        {
            var held = heldSizes.TryGetValue(key, out var previous);
            if (!held && (backed.Contains(key) || heldBytes + bytes.Length > budgetBytes))
            {
                backed.Add(key);
                return null;
            }

            var etag = memory.Commit(key, bytes, condition);
            heldBytes += bytes.Length - previous;
            heldSizes[key] = bytes.Length;
            return etag;
        }
    }

    /// <summary>Makes the backing store the key's place, unless it is held in memory (then false).</summary>
    private bool TryMarkBacked(string key)
    {
        lock (gate)
        {
            if (heldSizes.ContainsKey(key))
                return false;
            backed.Add(key);
            return true;
        }
    }

    private bool IsHeld(string key)
    {
        BlobKey.Validate(key);
        lock (gate)
            return heldSizes.ContainsKey(key);
    }

    protected override IBlobStore StoreOf(string key) => IsHeld(key) ? memory : backing;
}
