using System.Security.Cryptography;
using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>
/// Downloads against the file-system store whose reads break off: an interrupted transfer goes on from what it has,
/// a partial file left by a killed download is resumed or restarted, and no partial file outlives a download.
/// </summary>
public sealed class ResumableDownloadTests : IDisposable
{
    const int Size = 1_000_000;
    static readonly TimeSpan[] NoWait = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];

    readonly TemporaryFolder _work = new();
    readonly FileSystemBlobStore _blobs;
    readonly JobManifest _manifest;
    readonly byte[] _content = RandomNumberGenerator.GetBytes(Size);

    public ResumableDownloadTests()
    {
        _blobs = new FileSystemBlobStore(Path.Combine(_work.Path, "store"));
        var jobId = Guid.NewGuid();
        _manifest = new JobManifest
        {
            JobId = jobId, Operation = "invert", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 2048,
            Images = [new ManifestImage { Index = 0, ImageId = Guid.NewGuid(), SourceName = "in.png", OutputName = "out.png", OutputKey = StoreLayout.Output(jobId, "out.png") }],
        };
    }

    string OutFolder => Path.Combine(_work.Path, "out");

    string Target => Path.Combine(OutFolder, "out.png");

    [Fact]
    public async Task DownloadAsync_WhenTheTransferIsCutTwice_GoesOnFromWhatItHasAndWritesTheWholeFile()
    {
        var etag = await StoreOutputAsync();
        var store = new InterruptingBlobStore(_blobs, interruptions: 2, cutAfter: 300_000);
        Directory.CreateDirectory(OutFolder);
        await File.WriteAllTextAsync(Target, "an older download");

        await Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None);

        Assert.Equal([0, 300_000, 600_000], store.Offsets);
        AssertOnlyTheWholeOutput();
        Assert.False(File.Exists(PartialFiles.PathFor(Target, etag)));
    }

    [Fact]
    public async Task DownloadAsync_WhenEveryAttemptIsCut_ThrowsDownloadFailedAndLeavesNoPartialFile()
    {
        await StoreOutputAsync();
        var store = new InterruptingBlobStore(_blobs, interruptions: int.MaxValue, cutAfter: 100_000);

        var failure = await Assert.ThrowsAsync<DownloadFailedException>(() =>
            Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None));

        Assert.Equal([0, 100_000, 200_000, 300_000], store.Offsets);
        Assert.Equal(("out.png", 4), (failure.OutputName, failure.Attempts));
        Assert.Equal("The download of 'out.png' failed 4 times: Unable to read data from the transport connection: Connection reset by peer.", failure.Message);
        Assert.Empty(Directory.GetFiles(OutFolder));
    }

    [Fact]
    public async Task DownloadAsync_WhenTheOutputIsNotInTheStore_ThrowsOutputMissingNamingItsKeyAndLeavesNothing()
    {
        var failure = await Assert.ThrowsAsync<OutputMissingException>(() =>
            Downloader(_blobs).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None));

        Assert.Equal("out.png", failure.OutputName);
        Assert.Contains($"('{_manifest.Images[0].OutputKey}')", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(OutFolder) ? Directory.GetFiles(OutFolder) : []);
    }

    [Fact]
    public async Task DownloadAsync_WhenCancelledMidTransfer_LeavesNoPartialFile()
    {
        await StoreOutputAsync();
        var store = new InterruptingBlobStore(_blobs, interruptions: 1, cutAfter: 400_000, stall: true);
        using var cancellation = new CancellationTokenSource();

        var download = Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, cancellation.Token);
        await store.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Directory.GetFiles(OutFolder, "*.partial"));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        Assert.Empty(Directory.GetFiles(OutFolder));
    }

    [Fact]
    public async Task DownloadAsync_WithAPartialFileOfTheSameVersionLeftByAKill_GoesOnFromItsLength()
    {
        var etag = await StoreOutputAsync();
        Directory.CreateDirectory(OutFolder);
        await File.WriteAllBytesAsync(PartialFiles.PathFor(Target, etag), _content[..400_000]);
        var store = new InterruptingBlobStore(_blobs, interruptions: 0, cutAfter: 0);

        await Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None);

        Assert.Equal([400_000], store.Offsets);
        AssertOnlyTheWholeOutput();
    }

    [Theory]
    [InlineData("another version")]
    [InlineData("unversioned")]
    [InlineData("longer than the blob")]
    public async Task DownloadAsync_WithAPartialFileItCannotContinue_StartsOver(string leftover)
    {
        var etag = await StoreOutputAsync();
        Directory.CreateDirectory(OutFolder);
        var (path, length) = leftover switch
        {
            "another version" => (PartialFiles.PathFor(Target, "\"0x8DD0000000000\""), 300_000),
            "unversioned" => (Target + ".partial", 300_000),
            _ => (PartialFiles.PathFor(Target, etag), Size + 10),
        };
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(length));
        var store = new InterruptingBlobStore(_blobs, interruptions: 0, cutAfter: 0);

        await Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None);

        Assert.Equal([length, 0], store.Offsets);
        AssertOnlyTheWholeOutput();
    }

    [Fact]
    public async Task DownloadAsync_WithPartialFilesOfTwoVersions_GoesOnFromTheLongerAndRemovesTheOther()
    {
        var etag = await StoreOutputAsync();
        Directory.CreateDirectory(OutFolder);
        await File.WriteAllBytesAsync(PartialFiles.PathFor(Target, etag), _content[..500_000]);
        await File.WriteAllBytesAsync(PartialFiles.PathFor(Target, "\"older\""), new byte[100]);
        var store = new InterruptingBlobStore(_blobs, interruptions: 0, cutAfter: 0);

        await Downloader(store).DownloadAsync(_manifest, Progress(), OutFolder, CancellationToken.None);

        Assert.Equal([500_000], store.Offsets);
        AssertOnlyTheWholeOutput();
    }

    void AssertOnlyTheWholeOutput()
    {
        Assert.Equal([Target], Directory.GetFiles(OutFolder));
        Assert.Equal(_content, File.ReadAllBytes(Target));
    }

    Task<string> StoreOutputAsync() =>
        _blobs.UploadAsync(_manifest.Images[0].OutputKey, new MemoryStream(_content), BlobWriteCondition.None, CancellationToken.None);

    static ResultDownloader Downloader(IBlobStore store) => new(store) { RetryDelays = NoWait };

    JobProgress Progress() => new()
    {
        JobId = _manifest.JobId, Operation = _manifest.Operation, SubmittedAt = _manifest.SubmittedAt,
        Images = [new ImageProgress { Index = 0, SourceName = "in.png", OutputName = "out.png", Outcome = ImageOutcome.Done, TilesDone = 1, TileCount = 1 }],
    };

    public void Dispose() => _work.Dispose();
}
