using System.Runtime.CompilerServices;

namespace ImagePipeline.Storage;

/// <summary>
/// One store made of two: keys that start with a prefix live in one store, all others in the main one.
/// <c>imagepipe run</c> uses it to keep its saga states, rewritten on every image, in memory while pixels
/// go to its folder: on a file system each rewrite is a new file replacing an old one (measured: a 200-image
/// batch took 4-13 % more CPU with its saga states in files).
/// </summary>
public sealed class PrefixRoutedBlobStore : IBlobStore
{
    private readonly IBlobStore main;
    private readonly string routedPrefix;
    private readonly IBlobStore routed;

    public PrefixRoutedBlobStore(IBlobStore main, string routedPrefix, IBlobStore routed)
    {
        ArgumentNullException.ThrowIfNull(main);
        ArgumentNullException.ThrowIfNull(routed);
        BlobKey.ValidatePrefix(routedPrefix);
        if (routedPrefix.Length == 0)
            throw new ArgumentException("The routed prefix must not be empty.", nameof(routedPrefix));
        (this.main, this.routedPrefix, this.routed) = (main, routedPrefix, routed);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).OpenReadAsync(key, cancellationToken);

    public Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken) =>
        StoreOf(key).OpenReadFromAsync(key, offset, cancellationToken);

    public Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) =>
        StoreOf(key).ReadRangeAsync(key, offset, length, cancellationToken);

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).TryReadVersionedAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).ExistsAsync(key, cancellationToken);

    public Task DownloadToFileAsync(string key, string targetPath, CancellationToken cancellationToken) =>
        StoreOf(key).DownloadToFileAsync(key, targetPath, cancellationToken);

    public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        StoreOf(key).UploadAsync(key, content, condition, cancellationToken);

    public async Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        var target = StoreOf(targetKey);
        if (StoreOf(sourceKey) == target)
        {
            await target.CopyAsync(sourceKey, targetKey, condition, cancellationToken).ConfigureAwait(false);
            return;
        }

        BlobWriteCondition.EnsureCopyCondition(condition);
        var source = await StoreOf(sourceKey).OpenReadAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            await target.UploadAsync(targetKey, source, condition, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        StoreOf(key).DeleteAsync(key, cancellationToken);

    public Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        StoreOf(key).UploadFileAsync(key, sourcePath, condition, cancellationToken);

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        if (prefix.StartsWith(routedPrefix, StringComparison.Ordinal))
        {
            await foreach (var key in routed.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
                yield return key;
            yield break;
        }

        // The main store holds no routed keys; when the listing reaches both, the two lists are put in order together.
        var keys = await main.ListKeysAsync(prefix, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (routedPrefix.StartsWith(prefix, StringComparison.Ordinal))
            keys.AddRange(await routed.ListKeysAsync(routedPrefix, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));
        foreach (var key in keys.Order(StringComparer.Ordinal))
            yield return key;
    }

    /// <summary>The store that holds <paramref name="key"/>, or would, once written; validates the key.</summary>
    IBlobStore StoreOf(string key) =>
        BlobKey.Validate(key).StartsWith(routedPrefix, StringComparison.Ordinal) ? routed : main;
}
