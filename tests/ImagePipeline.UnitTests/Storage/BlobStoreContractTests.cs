using System.Security.Cryptography;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> must have, written once. Each store runs it through a
/// subclass: the file-system store here, the Azure store (against Azurite) in the integration tests,
/// which compile this file too. Every test gets a fresh, empty store.
/// </summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    /// <summary>Local files for the file transfers, outside the store.</summary>
    private readonly string files = Directory.CreateTempSubdirectory("imagepipe-contract-files-").FullName;

    protected IBlobStore Store { get; private set; } = null!;

    protected CancellationToken Token => timeout.Token;

    public static TheoryData<string> InvalidKeys =>
    [
        "", "/etc/passwd", "../outside", "a/../../outside", "a/./b", "a//b", "a/", ".", "..",
        "a b", "a\\b", "ünïcode", "C:", "a\0b", new string('k', BlobKey.MaxLength + 1),
    ];

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        await DisposeStoreAsync();
        Directory.Delete(files, recursive: true);
        timeout.Dispose();
    }

    /// <summary>Creates an empty store of its own for one test.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [Fact]
    public async Task UploadAsync_ThenOpenReadAsync_ReturnsSameBytes()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);

        await Store.UploadAsync("jobs/1/input.png", new MemoryStream(content), BlobWriteCondition.None, Token);

        Assert.Equal(content, await ReadAllAsync("jobs/1/input.png"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(85_000)]
    [InlineData(1_300_000)]
    public async Task ReadAllBytesAsync_ReturnsExactlyTheStoredBytes(int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);
        await Store.UploadAsync("jobs/1/input.jpg", new MemoryStream(content), BlobWriteCondition.None, Token);

        Assert.Equal(content, await Store.ReadAllBytesAsync("jobs/1/input.jpg", Token));
    }

    [Fact]
    public async Task UploadAsync_WithEmptyStream_StoresEmptyBlob()
    {
        await Store.UploadAsync("empty", new MemoryStream(), BlobWriteCondition.None, Token);

        Assert.Empty(await ReadAllAsync("empty"));
    }

    [Fact]
    public async Task UploadAsync_LargeUnseekableStreamIfNotExists_StoresAllAndThenRefusesSecond()
    {
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123);

        await Store.UploadAsync("big/blob", new ForwardOnlyStream(content), BlobWriteCondition.IfNotExists, Token);
        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.UploadAsync("big/blob", new ForwardOnlyStream(new byte[content.Length]), BlobWriteCondition.IfNotExists, Token));

        Assert.Equal(content, await ReadAllAsync("big/blob"));
    }

    [Fact]
    public async Task UploadAsync_ReturnsTheETagThatTryReadVersionedAsyncReports()
    {
        var etag = await UploadTextAsync("state/saga", "v1", BlobWriteCondition.None);

        var read = await Store.TryReadVersionedAsync("state/saga", Token);

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal("v1"u8.ToArray(), read.Content);
    }

    [Fact]
    public async Task UploadAsync_Unconditional_ReplacesExistingBlob()
    {
        await UploadTextAsync("a/b", "first", BlobWriteCondition.None);

        await UploadTextAsync("a/b", "second", BlobWriteCondition.None);

        Assert.Equal("second"u8.ToArray(), await ReadAllAsync("a/b"));
    }

    [Fact]
    public async Task UploadAsync_IfNotExistsWhenAbsent_CreatesBlob()
    {
        await UploadTextAsync("once", "content", BlobWriteCondition.IfNotExists);

        Assert.Equal("content"u8.ToArray(), await ReadAllAsync("once"));
    }

    [Fact]
    public async Task UploadAsync_IfNotExistsWhenPresent_ThrowsAndKeepsContent()
    {
        await UploadTextAsync("once", "first", BlobWriteCondition.IfNotExists);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            UploadTextAsync("once", "second", BlobWriteCondition.IfNotExists));

        Assert.Equal("once", failure.Key);
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync("once"));
    }

    [Fact]
    public async Task UploadAsync_IfMatchWithCurrentETag_ReplacesBlob()
    {
        var etag = await UploadTextAsync("state/s", "v1", BlobWriteCondition.None);

        var newETag = await UploadTextAsync("state/s", "v2", BlobWriteCondition.IfMatch(etag));

        var read = await Store.TryReadVersionedAsync("state/s", Token);
        Assert.NotNull(read);
        Assert.Equal("v2"u8.ToArray(), read.Content);
        Assert.Equal(newETag, read.ETag);
        Assert.NotEqual(etag, newETag);
    }

    [Fact]
    public async Task UploadAsync_IfMatchWithStaleETag_ThrowsAndKeepsContent()
    {
        var stale = await UploadTextAsync("state/s", "v1", BlobWriteCondition.None);
        await UploadTextAsync("state/s", "v2", BlobWriteCondition.IfMatch(stale));

        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            UploadTextAsync("state/s", "v3", BlobWriteCondition.IfMatch(stale)));

        Assert.Equal("v2"u8.ToArray(), await ReadAllAsync("state/s"));
    }

    [Fact]
    public async Task UploadAsync_IfMatchWhenBlobWasDeleted_Throws()
    {
        var etag = await UploadTextAsync("state/s", "v1", BlobWriteCondition.None);
        await Store.DeleteAsync("state/s", Token);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            UploadTextAsync("state/s", "v2", BlobWriteCondition.IfMatch(etag)));

        Assert.False(await Store.ExistsAsync("state/s", Token));
    }

    [Fact]
    public async Task UploadAsync_IfNotExistsFromManyTasks_ExactlyOneWins()
    {
        const int writers = 16;

        var attempts = await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
        {
            try
            {
                await UploadTextAsync("race/once", $"writer {i}", BlobWriteCondition.IfNotExists);
                return i;
            }
            catch (BlobConditionFailedException)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(attempts, i => i >= 0);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"writer {winner}"), await ReadAllAsync("race/once"));
    }

    [Fact]
    public async Task UploadAsync_IfMatchFromManyTasksWithSameETag_ExactlyOneWins()
    {
        const int writers = 12;
        var etag = await UploadTextAsync("race/state", "start", BlobWriteCondition.None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
        {
            try
            {
                await UploadTextAsync("race/state", $"writer {i}", BlobWriteCondition.IfMatch(etag));
                return i;
            }
            catch (BlobConditionFailedException)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(attempts, i => i >= 0);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"writer {winner}"), await ReadAllAsync("race/state"));
    }

    [Fact]
    public async Task CopyAsync_ToANewKey_StoresTheSameBytesAndLeavesTheSource()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        await Store.UploadAsync("cache/results/a/recipe", new MemoryStream(content), BlobWriteCondition.None, Token);

        await Store.CopyAsync("cache/results/a/recipe", "jobs/2/output/a.png", BlobWriteCondition.IfNotExists, Token);

        Assert.Equal(content, await ReadAllAsync("jobs/2/output/a.png"));
        Assert.Equal(content, await ReadAllAsync("cache/results/a/recipe"));
    }

    [Fact]
    public async Task CopyAsync_WhenTheSourceIsMissing_ThrowsBlobNotFoundAndWritesNothing()
    {
        var failure = await Assert.ThrowsAsync<BlobNotFoundException>(() =>
            Store.CopyAsync("no/such/blob", "jobs/2/output/b.png", BlobWriteCondition.IfNotExists, Token));

        Assert.Equal("no/such/blob", failure.Key);
        Assert.False(await Store.ExistsAsync("jobs/2/output/b.png", Token));
    }

    [Fact]
    public async Task CopyAsync_IfNotExists_WhenTheTargetExists_RefusesAndKeepsTheTarget()
    {
        await UploadTextAsync("kept", "new bytes", BlobWriteCondition.None);
        await UploadTextAsync("written/once", "first bytes", BlobWriteCondition.None);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.CopyAsync("kept", "written/once", BlobWriteCondition.IfNotExists, Token));

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("first bytes"), await ReadAllAsync("written/once"));
    }

    [Fact]
    public async Task CopyAsync_WithoutCondition_ReplacesTheTarget()
    {
        await UploadTextAsync("kept", "new bytes", BlobWriteCondition.None);
        await UploadTextAsync("target", "old bytes", BlobWriteCondition.None);

        await Store.CopyAsync("kept", "target", BlobWriteCondition.None, Token);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("new bytes"), await ReadAllAsync("target"));
    }

    [Fact]
    public async Task UploadFileAsync_StoresTheFilesBytes_WhichOutliveTheFile()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var source = Path.Combine(files, "input.jpg");
        await File.WriteAllBytesAsync(source, content, Token);

        await Store.UploadFileAsync("jobs/1/inputs/0/source", source, BlobWriteCondition.None, Token);
        File.Delete(source);

        Assert.Equal(content, await ReadAllAsync("jobs/1/inputs/0/source"));
    }

    [Fact]
    public async Task UploadFileAsync_IfNotExistsWhenPresent_ThrowsAndKeepsContent()
    {
        await UploadTextAsync("jobs/1/inputs/0/source", "first", BlobWriteCondition.None);
        var source = Path.Combine(files, "second.jpg");
        await File.WriteAllTextAsync(source, "second", Token);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.UploadFileAsync("jobs/1/inputs/0/source", source, BlobWriteCondition.IfNotExists, Token));

        Assert.Equal("first"u8.ToArray(), await ReadAllAsync("jobs/1/inputs/0/source"));
    }

    [Fact]
    public async Task DownloadToFileAsync_WritesTheBlobsBytes_WhichOutliveTheBlob()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        await Store.UploadAsync("jobs/1/outputs/a.png", new MemoryStream(content), BlobWriteCondition.None, Token);
        var target = Path.Combine(files, "a.png");

        await Store.DownloadToFileAsync("jobs/1/outputs/a.png", target, Token);
        await Store.DeleteAsync("jobs/1/outputs/a.png", Token);

        Assert.Equal(content, await File.ReadAllBytesAsync(target, Token));
    }

    [Fact]
    public async Task DownloadToFileAsync_WhenMissing_ThrowsBlobNotFoundAndCreatesNoFile()
    {
        var target = Path.Combine(files, "missing.png");

        var failure = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.DownloadToFileAsync("no/such/blob", target, Token));

        Assert.Equal("no/such/blob", failure.Key);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task DownloadToFileAsync_WhenTheFileExists_ThrowsAndLeavesIt()
    {
        await UploadTextAsync("jobs/1/outputs/a.png", "new", BlobWriteCondition.None);
        var target = Path.Combine(files, "a.png");
        await File.WriteAllTextAsync(target, "already here", Token);

        await Assert.ThrowsAsync<IOException>(() => Store.DownloadToFileAsync("jobs/1/outputs/a.png", target, Token));

        Assert.Equal("already here", await File.ReadAllTextAsync(target, Token));
    }

    [Fact]
    public async Task OpenReadAsync_WhenMissing_ThrowsBlobNotFound()
    {
        var failure = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync("no/such/blob", Token));

        Assert.Equal("no/such/blob", failure.Key);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 300_000)]
    [InlineData(12_345, 70_000)]
    [InlineData(299_999, 1)]
    public async Task ReadRangeAsync_ReturnsExactlyTheBytesOfTheRange(long offset, int length)
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        await Store.UploadAsync("jobs/1/inputs/0/tiles/0.pack", new MemoryStream(content), BlobWriteCondition.None, Token);

        var part = await Store.ReadRangeAsync("jobs/1/inputs/0/tiles/0.pack", offset, length, Token);

        Assert.Equal(content.AsSpan((int)offset, length).ToArray(), part);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(150_000)]
    [InlineData(299_999)]
    public async Task OpenReadFromAsync_ReadsFromTheOffsetToTheEnd_WithTheBlobsETagAndWholeLength(long offset)
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var etag = await Store.UploadAsync("jobs/1/outputs/a.png", new MemoryStream(content), BlobWriteCondition.None, Token);

        await using var read = await Store.OpenReadFromAsync("jobs/1/outputs/a.png", offset, Token);

        Assert.Equal(etag, read.ETag);
        Assert.Equal(content.Length, read.Length);
        Assert.Equal(content.AsSpan((int)offset).ToArray(), await ReadToEndAsync(read.Content));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 100)]
    [InlineData(100, 101)]
    [InlineData(100, 5_000)]
    public async Task OpenReadFromAsync_AtOrPastTheEnd_ReadsNothingAndTellsTheVersion(int length, long offset)
    {
        var etag = await Store.UploadAsync("short", new MemoryStream(new byte[length]), BlobWriteCondition.None, Token);

        await using var read = await Store.OpenReadFromAsync("short", offset, Token);

        Assert.Equal(etag, read.ETag);
        Assert.Equal(length, read.Length);
        Assert.Empty(await ReadToEndAsync(read.Content));
    }

    [Fact]
    public async Task OpenReadFromAsync_AfterARewriteWithOtherBytes_TellsTheNewETag()
    {
        var first = await Store.UploadAsync("a/b", new MemoryStream([1, 2, 3]), BlobWriteCondition.None, Token);
        var second = await Store.UploadAsync("a/b", new MemoryStream([4, 5, 6, 7]), BlobWriteCondition.None, Token);

        await using var read = await Store.OpenReadFromAsync("a/b", 2, Token);

        Assert.NotEqual(first, read.ETag);
        Assert.Equal(second, read.ETag);
        Assert.Equal([6, 7], await ReadToEndAsync(read.Content));
    }

    [Fact]
    public async Task OpenReadFromAsync_WhenMissing_ThrowsBlobNotFound()
    {
        var failure = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadFromAsync("no/such/blob", 10, Token));

        Assert.Equal("no/such/blob", failure.Key);
    }

    [Fact]
    public async Task ReadRangeAsync_WhenMissing_ThrowsBlobNotFound()
    {
        var failure = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.ReadRangeAsync("no/such/blob", 0, 10, Token));

        Assert.Equal("no/such/blob", failure.Key);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StagedParts_StoredInAnyOrder_ReadBackInPartOrder(bool readSynchronously)
    {
        var blob = new PartedBlob("jobs/1/results/0/tiles", 4);
        byte[][] parts = [RandomNumberGenerator.GetBytes(70_000), RandomNumberGenerator.GetBytes(1), RandomNumberGenerator.GetBytes(5_000_000), RandomNumberGenerator.GetBytes(333)];

        foreach (var part in new[] { 2, 0, 3, 1 })
            await Store.StagePartAsync(blob, part, new MemoryStream(parts[part]), Token);

        Assert.Equal(parts.SelectMany(part => part).ToArray(), await ReadPartsAsync(blob, readSynchronously));
    }

    [Fact]
    public async Task StagedParts_StoredAgain_ReplaceTheEarlierPart()
    {
        var blob = new PartedBlob("jobs/1/results/0/tiles", 2);
        await Store.StagePartAsync(blob, 0, new MemoryStream([1, 1]), Token);
        await Store.StagePartAsync(blob, 1, new MemoryStream([2]), Token);

        await Store.StagePartAsync(blob, 1, new MemoryStream([3, 3, 3]), Token);

        Assert.Equal([1, 1, 3, 3, 3], await ReadPartsAsync(blob));
    }

    [Fact]
    public async Task StagedParts_OpenedTwice_ReadTheSame()
    {
        var blob = new PartedBlob("jobs/1/results/0/tiles", 2);
        await Store.StagePartAsync(blob, 0, new MemoryStream([1]), Token);
        await Store.StagePartAsync(blob, 1, new MemoryStream([2]), Token);

        // An assembly redelivered before its output was stored reads the parts again.
        Assert.Equal([1, 2], await ReadPartsAsync(blob));
        Assert.Equal([1, 2], await ReadPartsAsync(blob));
    }

    [Fact]
    public async Task StagedParts_WithOneNeverStored_ThrowBlobNotFound()
    {
        var blob = new PartedBlob("jobs/1/results/0/tiles", 3);
        await Store.StagePartAsync(blob, 0, new MemoryStream([1]), Token);
        await Store.StagePartAsync(blob, 2, new MemoryStream([3]), Token);

        await Assert.ThrowsAsync<BlobNotFoundException>(() => ReadPartsAsync(blob));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StagedParts_OfWhichOnlySomeAreWritten_ReadBackThoseInPartOrder(bool readSynchronously)
    {
        // Runs of small tiles: each run's results are one part, at its first tile's index.
        var blob = new PartedBlob("jobs/1/results/0/tiles", 6);
        await Store.StagePartAsync(blob, 5, new MemoryStream([6]), Token);
        await Store.StagePartAsync(blob, 0, new MemoryStream([1, 2, 3]), Token);
        await Store.StagePartAsync(blob, 3, new MemoryStream([4, 5]), Token);

        Assert.Equal([1, 2, 3, 4, 5, 6], await ReadPartsAsync(blob.WithWrittenParts([0, 3, 5]), readSynchronously));
        // The blob as a whole is missing parts 1, 2 and 4.
        await Assert.ThrowsAsync<BlobNotFoundException>(() => ReadPartsAsync(blob));
    }

    [Fact]
    public async Task DeletePartsAsync_RemovesEveryPart_ReadOrNot()
    {
        var read = new PartedBlob("jobs/1/results/0/tiles", 2);
        var unread = new PartedBlob("jobs/1/results/1/tiles", 2);
        foreach (var blob in new[] { read, unread })
        {
            await Store.StagePartAsync(blob, 0, new MemoryStream([1]), Token);
            await Store.StagePartAsync(blob, 1, new MemoryStream([2]), Token);
        }

        await ReadPartsAsync(read);
        await Store.DeletePartsAsync(read, Token);
        await Store.DeletePartsAsync(unread, Token);

        Assert.Empty(await ListAsync("jobs/1/results/"));
        foreach (var blob in new[] { read, unread })
        {
            // A part stored after the delete does not bring the deleted ones back.
            await Store.StagePartAsync(blob, 0, new MemoryStream([9]), Token);
            await Assert.ThrowsAsync<BlobNotFoundException>(() => ReadPartsAsync(blob));
        }
    }

    [Fact]
    public async Task DeletePartsAsync_WhenNoneExist_DoesNothing()
    {
        await Store.DeletePartsAsync(new PartedBlob("jobs/1/results/0/tiles", 5), Token);

        Assert.Empty(await ListAsync(""));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public async Task StagePartAsync_OutsideTheBlobsParts_ThrowsArgumentOutOfRange(int part)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Store.StagePartAsync(new PartedBlob("jobs/1/results/0/tiles", 2), part, new MemoryStream([1]), Token));
    }

    [Theory]
    [InlineData(95, 10)]
    [InlineData(100, 1)]
    [InlineData(500, 10)]
    public async Task ReadRangeAsync_PastTheEnd_ThrowsEndOfStream(long offset, int length)
    {
        await Store.UploadAsync("short", new MemoryStream(new byte[100]), BlobWriteCondition.None, Token);

        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.ReadRangeAsync("short", offset, length, Token));
    }

    [Fact]
    public async Task TryReadVersionedAsync_WhenMissing_ReturnsNull()
    {
        Assert.Null(await Store.TryReadVersionedAsync("no/such/blob", Token));
    }

    [Fact]
    public async Task ExistsAsync_TellsWhetherBlobIsThere()
    {
        await UploadTextAsync("here", "x", BlobWriteCondition.None);

        Assert.True(await Store.ExistsAsync("here", Token));
        Assert.False(await Store.ExistsAsync("not-here", Token));
    }

    [Fact]
    public async Task DeleteAsync_RemovesBlobAndIsIdempotent()
    {
        await UploadTextAsync("jobs/1/tile", "x", BlobWriteCondition.None);

        await Store.DeleteAsync("jobs/1/tile", Token);
        await Store.DeleteAsync("jobs/1/tile", Token);
        await Store.DeleteAsync("never/written", Token);

        Assert.False(await Store.ExistsAsync("jobs/1/tile", Token));
    }

    [Fact]
    public async Task DeleteAsync_ThenIfNotExists_CreatesAgain()
    {
        await UploadTextAsync("once", "first", BlobWriteCondition.IfNotExists);
        await Store.DeleteAsync("once", Token);

        await UploadTextAsync("once", "again", BlobWriteCondition.IfNotExists);

        Assert.Equal("again"u8.ToArray(), await ReadAllAsync("once"));
    }

    [Theory]
    [InlineData("jobs/a/", new[] { "jobs/a/B", "jobs/a/tile-10", "jobs/a/tile-2" })]
    [InlineData("jobs/a", new[] { "jobs/a/B", "jobs/a/tile-10", "jobs/a/tile-2", "jobs/ab/x" })]
    [InlineData("jobs/a/tile-1", new[] { "jobs/a/tile-10" })]
    [InlineData("", new[] { "jobs/a/B", "jobs/a/tile-10", "jobs/a/tile-2", "jobs/ab/x", "jobs/b/y", "other" })]
    [InlineData("nothing/", new string[0])]
    public async Task ListKeysAsync_ReturnsKeysUnderPrefixInOrdinalOrder(string prefix, string[] expected)
    {
        foreach (var key in new[] { "jobs/a/tile-2", "other", "jobs/b/y", "jobs/a/tile-10", "jobs/ab/x", "jobs/a/B" })
        {
            await UploadTextAsync(key, key, BlobWriteCondition.None);
        }

        var keys = await ListAsync(prefix);

        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task ListFoldersAsync_GivesEachFolderDirectlyBelowThePrefixOnceInOrdinalOrder()
    {
        foreach (var key in new[] { "jobs/b/y", "jobs/a/tile-2", "jobs/top", "jobs/a/sub/deep", "jobs/a-b/x", "other/c/z" })
        {
            await UploadTextAsync(key, key, BlobWriteCondition.None);
        }

        var folders = new List<string>();
        await foreach (var folder in Store.ListFoldersAsync("jobs/", Token))
        {
            folders.Add(folder);
        }

        Assert.Equal(["jobs/a-b/", "jobs/a/", "jobs/b/"], folders);
    }

    [Fact]
    public async Task ListKeysAsync_OmitsDeletedBlobs()
    {
        await UploadTextAsync("jobs/1/a", "x", BlobWriteCondition.None);
        await UploadTextAsync("jobs/1/b", "x", BlobWriteCondition.None);
        await Store.DeleteAsync("jobs/1/a", Token);

        Assert.Equal(["jobs/1/b"], await ListAsync("jobs/1/"));
    }

    [Fact]
    public async Task DeleteAllUnderAsync_DeletesEveryBlobUnderThePrefixAndNothingElse()
    {
        await UploadTextAsync("jobs/1/inputs/0/source", "x", BlobWriteCondition.None);
        await UploadTextAsync("jobs/1/outputs/a.png", "x", BlobWriteCondition.None);
        await UploadTextAsync("jobs/10/manifest.json", "x", BlobWriteCondition.None);

        await Store.DeleteAllUnderAsync("jobs/1/", Token);

        Assert.Equal(["jobs/10/manifest.json"], await ListAsync("jobs/"));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/etc")]
    [InlineData("a//")]
    [InlineData("a b")]
    public async Task ListKeysAsync_WithInvalidPrefix_ThrowsArgumentException(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ListAsync(prefix));
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task EveryOperation_WithInvalidKey_ThrowsArgumentException(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => UploadTextAsync(key, "x", BlobWriteCondition.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(key, Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryReadVersionedAsync(key, Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ExistsAsync(key, Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(key, Token));
    }

    [Fact]
    public async Task UploadAsync_WithKeyMadeFromUserText_RoundTrips()
    {
        var key = BlobKey.Combine("uploads", BlobKey.SafeSegment("Ünïcode photo (1) ../../x.jpg"));

        await UploadTextAsync(key, "pixels", BlobWriteCondition.IfNotExists);

        Assert.Equal("pixels"u8.ToArray(), await ReadAllAsync(key));
        Assert.Equal([key], await ListAsync("uploads/"));
    }

    protected Task<string> UploadTextAsync(string key, string text, BlobWriteCondition condition) =>
        Store.UploadAsync(key, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), condition, Token);

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Token);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    private async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    private async Task<byte[]> ReadPartsAsync(PartedBlob blob, bool readSynchronously = false)
    {
        await using var stream = await Store.OpenPartsAsync(blob, Token);
        using var copy = new MemoryStream();
        if (readSynchronously)
            stream.CopyTo(copy);
        else
            await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    protected async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync(prefix, Token))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>A stream that can only be read forward, like a network upload, so stores cannot seek or ask its length.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream inner = new(content);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 65536));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
