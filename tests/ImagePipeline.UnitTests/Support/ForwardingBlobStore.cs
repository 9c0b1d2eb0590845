using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// A test store that passes every request on to a real one; a subclass overrides what it changes. The members
/// <see cref="IBlobStore"/> implements itself (ranged reads, parts, files) keep their defaults, which call these, so
/// they see the subclass's changes too; a subclass that replaces one of them lists <see cref="IBlobStore"/> again,
/// as C# needs to map a default member to a class's own method.
/// </summary>
internal abstract class ForwardingBlobStore(IBlobStore inner) : IBlobStore
{
    protected IBlobStore Inner => inner;

    public virtual Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        inner.UploadAsync(key, content, condition, cancellationToken);

    public virtual Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        inner.CopyAsync(sourceKey, targetKey, condition, cancellationToken);

    public virtual Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public virtual Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) =>
        inner.TryReadVersionedAsync(key, cancellationToken);

    public virtual Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public virtual Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public virtual IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);
}
