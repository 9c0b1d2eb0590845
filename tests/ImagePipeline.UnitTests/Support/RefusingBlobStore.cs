using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>A store that, while <see cref="RefuseWrites"/> is set, refuses writes as a full disk does and serves reads.</summary>
internal sealed class RefusingBlobStore(IBlobStore inner) : ForwardingBlobStore(inner)
{
    public bool RefuseWrites { get; set; }

    public override Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        RefuseWrites ? Task.FromException<string>(Refusal()) : base.UploadAsync(key, content, condition, cancellationToken);

    public override Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        RefuseWrites ? Task.FromException(Refusal()) : base.CopyAsync(sourceKey, targetKey, condition, cancellationToken);

    static BlobStoreUnavailableException Refusal() => new(BlobStoreUnavailableException.Describe("write", 500));
}
