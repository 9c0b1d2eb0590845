using System.Runtime.CompilerServices;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>A store that, while <see cref="RefuseWrites"/> is set, refuses writes as a full disk does and serves reads.</summary>
internal sealed class RefusingBlobStore(IBlobStore inner) : IBlobStore
{
    public bool RefuseWrites { get; set; }

    public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        RefuseWrites ? Task.FromException<string>(Refusal()) : inner.UploadAsync(key, content, condition, cancellationToken);

    public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        RefuseWrites ? Task.FromException(Refusal()) : inner.CopyAsync(sourceKey, targetKey, condition, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) => inner.TryReadVersionedAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            yield return key;
    }

    static BlobStoreUnavailableException Refusal() => new(BlobStoreUnavailableException.Describe("write", 500));
}
