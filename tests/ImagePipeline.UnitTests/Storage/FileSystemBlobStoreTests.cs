using System.Security.Cryptography;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>What only the file-system store does; the shared behaviour is in <see cref="FileSystemBlobStoreContractTests"/>.</summary>
public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly TemporaryFolder root = new();
    private readonly FileSystemBlobStore store;

    public FileSystemBlobStoreTests() => store = new FileSystemBlobStore(root.Path);

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task UploadFileAsync_CopiesTheFile_SoALaterChangeInPlaceCannotReachTheBlob()
    {
        var source = Path.Combine(root.Path, "input.jpg");
        await File.WriteAllBytesAsync(source, [1, 2, 3]);

        await store.UploadFileAsync("jobs/1/source", source, BlobWriteCondition.None, CancellationToken.None);
        await OverwriteInPlaceAsync(source, [9]);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(root.Path, "jobs", "1", "source")));
    }

    private static async Task OverwriteInPlaceAsync(string path, byte[] bytes)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        await file.WriteAsync(bytes);
    }

    [Fact]
    public async Task UploadAsync_ReturnsHexSha256OfContent()
    {
        var content = RandomNumberGenerator.GetBytes(200_000);

        var etag = await store.UploadAsync("k", new MemoryStream(content), BlobWriteCondition.None, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), etag);
    }

    [Fact]
    public async Task UploadAsync_StoresFileUnderRootAndLeavesNoTemporaryFile()
    {
        await store.UploadAsync("jobs/7/tile.png", new MemoryStream([1, 2, 3]), BlobWriteCondition.None, CancellationToken.None);

        var folder = Path.Combine(root.Path, "jobs", "7");
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(folder, "tile.png")));
        Assert.DoesNotContain(Directory.GetFiles(folder), file => file.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadAsync_WhenSourceStreamFails_LeavesNothingBehind()
    {
        await Assert.ThrowsAsync<IOException>(() =>
            store.UploadAsync("jobs/1/broken", new FailingStream(), BlobWriteCondition.None, CancellationToken.None));

        Assert.False(await store.ExistsAsync("jobs/1/broken", CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(root.Path, "jobs", "1")));
    }

    [Fact]
    public async Task UploadAsync_WhenCancelled_LeavesOldContent()
    {
        await store.UploadAsync("k", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.UploadAsync("k", new MemoryStream([2]), BlobWriteCondition.None, new CancellationToken(canceled: true)));

        Assert.Equal([1], await File.ReadAllBytesAsync(Path.Combine(root.Path, "k")));
    }

    [Fact]
    public async Task UploadAsync_WhileAnotherProcessHoldsFolderLock_WaitsForIt()
    {
        await store.UploadAsync("jobs/1/a", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        var lockPath = Path.Combine(root.Path, "jobs", "1", "~lock");

        // An exclusive open takes the same flock another process would hold.
        var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var upload = store.UploadAsync("jobs/1/b", new MemoryStream([2]), BlobWriteCondition.IfNotExists, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(upload.IsCompleted);
        Assert.False(await store.ExistsAsync("jobs/1/b", CancellationToken.None));

        await held.DisposeAsync();
        await upload.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await store.ExistsAsync("jobs/1/b", CancellationToken.None));
    }

    [Fact]
    public async Task ThrowawayStore_CommitsWithoutTheLockFile_ItsFolderBeingPrivateToThisProcess()
    {
        var throwaway = new FileSystemBlobStore(Path.Combine(root.Path, "store"), throwaway: true);
        await throwaway.UploadAsync("jobs/1/a", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        var lockPath = Path.Combine(root.Path, "store", "jobs", "1", "~lock");
        Assert.False(File.Exists(lockPath));

        // Even a held lock file does not stop it: no other process is expected to write there.
        await using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        await throwaway.UploadAsync("jobs/1/b", new MemoryStream([2]), BlobWriteCondition.IfNotExists, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        await throwaway.DeleteAsync("jobs/1/a", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await throwaway.ExistsAsync("jobs/1/b", CancellationToken.None));
        Assert.False(await throwaway.ExistsAsync("jobs/1/a", CancellationToken.None));
    }

    [Fact]
    public async Task TwoStoresOnSameRoot_IfNotExists_ExactlyOneWins()
    {
        var other = new FileSystemBlobStore(root.Path);

        var results = await Task.WhenAll(
            TryCreateAsync(store, "shared/once", 1),
            TryCreateAsync(other, "shared/once", 2),
            TryCreateAsync(store, "shared/once", 3),
            TryCreateAsync(other, "shared/once", 4));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task ListKeysAsync_IgnoresFilesThatAreNotKeys()
    {
        await store.UploadAsync("jobs/1/a", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(root.Path, "jobs", "1", "~left-over.tmp"), "x");
        await File.WriteAllTextAsync(Path.Combine(root.Path, "jobs", "1", "has space"), "x");

        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync("", CancellationToken.None))
        {
            keys.Add(key);
        }

        Assert.Equal(["jobs/1/a"], keys);
    }

    [Fact]
    public void Constructor_CreatesMissingRoot()
    {
        var path = Path.Combine(root.Path, "nested", "store");

        var created = new FileSystemBlobStore(path);

        Assert.True(Directory.Exists(path));
        Assert.Equal(path, created.RootPath);
    }

    private static async Task<bool> TryCreateAsync(IBlobStore target, string key, byte value)
    {
        try
        {
            await target.UploadAsync(key, new MemoryStream([value]), BlobWriteCondition.IfNotExists, CancellationToken.None);
            return true;
        }
        catch (BlobConditionFailedException)
        {
            return false;
        }
    }

    private sealed class FailingStream : Stream
    {
        private int reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            reads++ == 0 ? 1 : throw new IOException("The upload connection dropped.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
