using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>Where a memory-first store puts each blob; what every store does is in its contract tests.</summary>
public sealed class MemoryFirstBlobStoreTests : IDisposable
{
    private const int MaxBlob = 1000;
    private const int Budget = 2500;

    private readonly TemporaryFolder root = new();
    private readonly MemoryFirstBlobStore store;

    public MemoryFirstBlobStoreTests() =>
        store = new MemoryFirstBlobStore(new FileSystemBlobStore(root.Path, throwaway: true),
            key => key.StartsWith("tiles/", StringComparison.Ordinal), MaxBlob, Budget);

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task SmallBlobOfAcceptedKey_IsHeldInMemory_AndItsDeletionFreesTheBudget()
    {
        await UploadAsync("tiles/a", 600);

        Assert.False(OnDisk("tiles/a"));
        Assert.Equal(600, store.HeldBytes);
        Assert.Equal(600, (await ReadAsync("tiles/a")).Length);

        await store.DeleteAsync("tiles/a", CancellationToken.None);

        Assert.Equal(0, store.HeldBytes);
        Assert.False(await store.ExistsAsync("tiles/a", CancellationToken.None));
    }

    [Fact]
    public async Task BlobLargerThanTheLimit_OrOfAKeyNotAccepted_GoesToTheBackingStore()
    {
        await UploadAsync("tiles/large", MaxBlob + 1);
        await UploadAsync("outputs/small", 10);

        Assert.True(OnDisk("tiles/large"));
        Assert.True(OnDisk("outputs/small"));
        Assert.Equal(0, store.HeldBytes);
    }

    [Fact]
    public async Task OnceTheBudgetIsTaken_NewBlobsGoToTheBackingStore_UntilHeldOnesAreDeleted()
    {
        await UploadAsync("tiles/1", 1000);
        await UploadAsync("tiles/2", 1000);
        await UploadAsync("tiles/3", 1000);

        Assert.False(OnDisk("tiles/1"));
        Assert.False(OnDisk("tiles/2"));
        Assert.True(OnDisk("tiles/3"));
        Assert.Equal(2000, store.HeldBytes);

        await store.DeleteAsync("tiles/1", CancellationToken.None);
        await UploadAsync("tiles/4", 1000);

        Assert.False(OnDisk("tiles/4"));
        Assert.Equal(2000, store.HeldBytes);
    }

    [Fact]
    public async Task RewritesStayWhereTheKeyLives()
    {
        await UploadAsync("tiles/held", 100);
        await UploadAsync("tiles/backed", MaxBlob + 1);

        // Rewritten larger than memory would take anew, and smaller than it would: neither moves.
        await UploadAsync("tiles/held", MaxBlob + 100);
        await UploadAsync("tiles/backed", 5);

        Assert.False(OnDisk("tiles/held"));
        Assert.Equal(MaxBlob + 100, store.HeldBytes);
        Assert.Equal(MaxBlob + 100, (await ReadAsync("tiles/held")).Length);
        Assert.Equal(5, (await ReadAsync("tiles/backed")).Length);
    }

    [Fact]
    public async Task FileUploadOfANewKey_GoesToTheBackingStore_WhichLinksIt()
    {
        var source = Path.Combine(root.Path, "source.jpg");
        await File.WriteAllBytesAsync(source, new byte[10]);

        await store.UploadFileAsync("tiles/source", source, BlobWriteCondition.None, CancellationToken.None);

        Assert.True(OnDisk("tiles/source"));
        Assert.Equal(0, store.HeldBytes);
    }

    [Fact]
    public async Task HeldKey_KeepsItsConditions()
    {
        await UploadAsync("tiles/once", 10);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            store.UploadAsync("tiles/once", new MemoryStream(new byte[20]), BlobWriteCondition.IfNotExists, CancellationToken.None));

        Assert.Equal(10, (await ReadAsync("tiles/once")).Length);
        Assert.Equal(10, store.HeldBytes);
    }

    [Fact]
    public async Task ConcurrentFirstWritesOfOneKey_LeaveItInOnePlace_SoItsDeletionRemovesIt()
    {
        for (var round = 0; round < 50; round++)
        {
            var key = $"tiles/{round}";

            // Sizes that alone would go to different places: the first write to decide takes the others with it.
            await Task.WhenAll(new[] { 10, MaxBlob + 1, 20, MaxBlob + 2 }.Select(length => Task.Run(() => UploadAsync(key, length))));
            await store.DeleteAsync(key, CancellationToken.None);

            Assert.False(await store.ExistsAsync(key, CancellationToken.None));
            Assert.False(OnDisk(key));
            Assert.Equal(0, store.HeldBytes);
        }
    }

    private Task UploadAsync(string key, int length) =>
        store.UploadAsync(key, new MemoryStream(new byte[length]), BlobWriteCondition.None, CancellationToken.None);

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private bool OnDisk(string key) => File.Exists(Path.Combine(root.Path, key));
}
