using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>
/// <see cref="BlobStoreExtensions.ReadAllBytesAsync"/> on downloads that announce their length without being
/// seekable, as Azure's do (the contract tests cover each real store).
/// </summary>
public sealed class BlobStoreExtensionsTests
{
    [Fact]
    public async Task ReadAllBytesAsync_WhenADownloadAnnouncesItsLength_ReturnsTheBytes()
    {
        var store = new AnnouncingStore(content: [1, 2, 3, 4, 5], announcedLength: 5);

        Assert.Equal([1, 2, 3, 4, 5], await store.ReadAllBytesAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task ReadAllBytesAsync_WhenADownloadHoldsMoreThanItAnnounced_Fails()
    {
        var store = new AnnouncingStore(content: [1, 2, 3, 4, 5], announcedLength: 4);

        await Assert.ThrowsAsync<IOException>(() => store.ReadAllBytesAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task ReadAllBytesAsync_WhenADownloadEndsBeforeItsAnnouncedLength_Fails()
    {
        var store = new AnnouncingStore(content: [1, 2, 3], announcedLength: 5);

        await Assert.ThrowsAsync<EndOfStreamException>(() => store.ReadAllBytesAsync("a", CancellationToken.None));
    }

    /// <summary>A store whose one blob reads as a forward-only stream with a length of its own saying.</summary>
    sealed class AnnouncingStore(byte[] content, long announcedLength) : IBlobStore
    {
        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new AnnouncedLengthStream(new MemoryStream(content), announcedLength));

        public Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    sealed class AnnouncedLengthStream(Stream inner, long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
