using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>Which of its two stores a split store uses; what it shares with every store is in <see cref="PrefixRoutedBlobStoreContractTests"/>.</summary>
public sealed class PrefixRoutedBlobStoreTests : IDisposable
{
    readonly TemporaryFolder _folder = new();
    readonly MemoryBlobStore _memory = new();
    readonly PrefixRoutedBlobStore _store;

    public PrefixRoutedBlobStoreTests() =>
        _store = new PrefixRoutedBlobStore(new FileSystemBlobStore(_folder.Path, throwaway: true), "sagas/", _memory);

    [Fact]
    public async Task KeysUnderThePrefix_LiveOnlyInTheRoutedStore_AndTheRestOnlyInTheMainOne()
    {
        await _store.UploadAsync("sagas/imagestate/a.json", new MemoryStream("{}"u8.ToArray()), BlobWriteCondition.IfNotExists, CancellationToken.None);
        await _store.UploadAsync("jobs/1/tile-0", new MemoryStream("pixels"u8.ToArray()), BlobWriteCondition.IfNotExists, CancellationToken.None);

        Assert.True(await _memory.ExistsAsync("sagas/imagestate/a.json", CancellationToken.None));
        Assert.False(await _memory.ExistsAsync("jobs/1/tile-0", CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "sagas")));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "jobs", "1", "tile-0")));
    }

    [Fact]
    public void AnEmptyPrefix_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new PrefixRoutedBlobStore(new MemoryBlobStore(), "", new MemoryBlobStore()));

    public void Dispose() => _folder.Dispose();
}
